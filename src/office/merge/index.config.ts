export default definePageConfig({ navigationBarTitleText: '并案' });
