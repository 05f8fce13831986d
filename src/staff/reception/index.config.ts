export default definePageConfig({ navigationBarTitleText: '接待日志' });
