export default definePageConfig({ navigationBarTitleText: '督查接待日' });
