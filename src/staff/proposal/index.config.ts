export default definePageConfig({ navigationBarTitleText: '提议提案' });
