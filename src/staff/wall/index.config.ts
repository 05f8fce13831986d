export default definePageConfig({ navigationBarTitleText: '回音墙留言' });
