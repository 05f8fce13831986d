export default definePageConfig({ navigationBarTitleText: '打印联系卡' });
