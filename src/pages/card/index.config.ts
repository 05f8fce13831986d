export default definePageConfig({ navigationBarTitleText: '党代表联系卡' });
