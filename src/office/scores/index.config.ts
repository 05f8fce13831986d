export default definePageConfig({ navigationBarTitleText: '百分制考评' });
