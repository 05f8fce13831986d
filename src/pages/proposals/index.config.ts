export default definePageConfig({ navigationBarTitleText: '已答复的提案' });
