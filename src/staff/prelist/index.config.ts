export default definePageConfig({ navigationBarTitleText: '接待前民意清单' });
