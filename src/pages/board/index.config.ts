export default definePageConfig({ navigationBarTitleText: '党代表公示牌' });
