export default definePageConfig({ navigationBarTitleText: '民意回音墙' });
