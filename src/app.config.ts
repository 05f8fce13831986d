/**
 * Residents' pages in the main package (the path from a scanned card stays small); staff pages in
 * the `staff` subpackage and the office's in `office`. The dev sign-in page exists only in the
 * local h5 build.
 */
const residentPages = [
  'pages/card/index',
  'pages/submit/index',
  'pages/done/index',
  'pages/mine/index',
  'pages/case/index',
  'pages/messages/index',
  'pages/board/index',
  'pages/notices/index',
  'pages/proposals/index',
  'pages/wall/index',
  'pages/messenger/index',
  'pages/pass/index',
  'pages/code/index',
];

export default defineAppConfig({
  pages: process.env.TARO_ENV === 'h5' ? [...residentPages, 'pages/signin/index'] : residentPages,
  subPackages: [
    {
      root: 'staff',
      pages: [
        'workbench/index',
        'act/index',
        'reception/index',
        'proposals/index',
        'proposal/index',
        'briefings/index',
        'group/index',
        'report/index',
        'wall/index',
        'matters/index',
        'prelist/index',
        'meeting/index',
        'inspect/index',
        'grids/index',
        'callbacks/index',
      ],
    },
    {
      root: 'office',
      pages: [
        'card/index',
        'cards/index',
        'stats/index',
        'region/index',
        'ledger/index',
        'import/index',
        'notice/index',
        'records/index',
        'people/index',
        'audit/index',
        'proposals/index',
        'briefings/index',
        'evaluations/index',
        'groups/index',
        'scores/index',
        'wall/index',
        'matters/index',
        'meetings/index',
        'messengers/index',
        'grids/index',
        'merge/index',
      ],
    },
  ],
  window: {
    navigationBarTitleText: '连心桥',
    navigationBarBackgroundColor: '#b71c1c',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f7f4ef',
  },
  permission: {
    'scope.userLocation': { desc: '附上您反映问题的位置，方便工作人员找到' },
  },
  requiredPrivateInfos: ['getLocation'],
  // 语音说事: WeChat's speech plugin (同声传译) records and recognises what a resident says on the submit page
  // (src/services/voice.ts); the mini-program must add it under 设置 → 第三方设置 → 插件管理 first
  plugins: { WechatSI: { version: '0.3.5', provider: 'wx069ba97219f66d99' } },
  // h5: pages change at once, without a sliding animation (calmer on old phones, no half-covered taps)
  animation: false,
});
