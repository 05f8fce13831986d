export default definePageConfig({ navigationBarTitleText: '民情信使' });
