export default definePageConfig({ navigationBarTitleText: '各乡镇问题会商会' });
