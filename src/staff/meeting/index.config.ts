export default definePageConfig({ navigationBarTitleText: '问题会商会' });
