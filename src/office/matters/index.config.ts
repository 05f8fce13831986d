export default definePageConfig({ navigationBarTitleText: '重大事项民意' });
