export default definePageConfig({ navigationBarTitleText: '各县(区)统计' });
