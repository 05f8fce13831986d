export default definePageConfig({ navigationBarTitleText: '代邻居反映' });
