export default definePageConfig({ navigationBarTitleText: '提案与提议' });
