/**
 * The demo county the local system starts with: 清溪县, two townships of three villages each,
 * their units, representatives in reception groups with a workroom in every village (the 20th of
 * each month; a weekly station day in the communities; every other Thursday at remote 红星村), an
 * activity group (活动小组) per township led by its county representative, and one sign-in identity
 * for every role.
 * All names are fictional. The demo's ids are its codes (编号): one county alone in its store.
 */
import type { ActivityGroup, County, Region, ReceptionSchedule, Representative, RoleGrant, Township, Unit, Village, Workroom } from '../../../types/domain';

const C = 'qingxi';

export const county: County = { _id: C, name: '清溪县' };
/** The city above it, whose office reads its figures beside its neighbours' (here it has one county). */
export const region: Region = { _id: 'demo-city', name: '示范市', level: 'city', countyIds: [C] };

export const townships: Township[] = [
  { _id: 'qingshi', code: 'qingshi', countyId: C, name: '青石镇' },
  { _id: 'baisha', code: 'baisha', countyId: C, name: '白沙镇' },
];

export const villages: Village[] = [
  { _id: 'taoyuan', code: 'taoyuan', countyId: C, townshipId: 'qingshi', name: '桃源村' },
  { _id: 'liuhe', code: 'liuhe', countyId: C, townshipId: 'qingshi', name: '柳河村' },
  { _id: 'shiqiao', code: 'shiqiao', countyId: C, townshipId: 'qingshi', name: '石桥社区' },
  { _id: 'baishacun', code: 'baishacun', countyId: C, townshipId: 'baisha', name: '白沙村' },
  { _id: 'hongxing', code: 'hongxing', countyId: C, townshipId: 'baisha', name: '红星村' },
  { _id: 'xinhe', code: 'xinhe', countyId: C, townshipId: 'baisha', name: '新河社区' },
];

const villageUnits: Unit[] = villages.map((v) => ({
  _id: `vc-${v._id}`,
  code: `vc-${v._id}`,
  countyId: C,
  level: 'village',
  townshipId: v.townshipId,
  villageId: v._id,
  name: `${v.name}${v.name.endsWith('社区') ? '居委会' : '村委会'}`,
  categories: ['environment', 'dispute', 'other'],
}));

const townshipUnits: Unit[] = townships.flatMap((t) => [
  {
    _id: `${t._id}-build`,
    code: `${t._id}-build`,
    countyId: C,
    level: 'township',
    townshipId: t._id,
    name: `${t.name}村镇建设服务中心`,
    categories: ['road', 'utilities'],
  },
  {
    _id: `${t._id}-social`,
    code: `${t._id}-social`,
    countyId: C,
    level: 'township',
    townshipId: t._id,
    name: `${t.name}社会事务办公室`,
    categories: ['welfare', 'dispute'],
  },
  {
    _id: `${t._id}-env`,
    code: `${t._id}-env`,
    countyId: C,
    level: 'township',
    townshipId: t._id,
    name: `${t.name}生态环境办公室`,
    categories: ['environment'],
  },
]);

const countyUnits: Unit[] = [
  { _id: 'county-transport', code: 'county-transport', countyId: C, level: 'county', name: '县交通运输局', categories: ['road'] },
  { _id: 'county-water', code: 'county-water', countyId: C, level: 'county', name: '县水利局', categories: ['utilities'] },
  { _id: 'county-hrss', code: 'county-hrss', countyId: C, level: 'county', name: '县人力社保局', categories: ['welfare'] },
  { _id: 'county-eco', code: 'county-eco', countyId: C, level: 'county', name: '县生态环境局', categories: ['environment'] },
];

export const units: Unit[] = [...villageUnits, ...townshipUnits, ...countyUnits];

const rep = (
  id: string,
  name: string,
  position: string,
  level: Representative['level'],
  villageIds: string[],
  team: string[],
  phone: string,
): Representative => ({
  _id: id,
  code: id,
  countyId: C,
  name,
  photoUrl: '',
  position,
  phone,
  level,
  team,
  villageIds,
  cardCode: `QX${id.slice(4).padStart(4, '0')}`,
  active: true,
});

export const representatives: Representative[] = [
  rep('rep-1', '李秀英', '青石镇党代表、桃源村党支部书记', 'township', ['taoyuan'], ['张建国'], '13800000001'),
  rep('rep-2', '张建国', '县党代表、青石镇人大主席', 'county', ['taoyuan', 'liuhe', 'shiqiao'], ['李秀英', '陈海燕'], '13800000002'),
  rep('rep-3', '陈海燕', '青石镇党代表、柳河村妇联主席', 'township', ['liuhe'], ['张建国'], '13800000003'),
  rep('rep-4', '刘志强', '青石镇党代表、石桥社区居委会主任', 'township', ['shiqiao'], ['张建国'], '13800000004'),
  rep('rep-5', '赵红梅', '白沙镇党代表、白沙村村医', 'township', ['baishacun'], ['孙立新'], '13800000005'),
  rep('rep-6', '孙立新', '县党代表、白沙镇党委委员', 'county', ['baishacun', 'hongxing', 'xinhe'], ['赵红梅', '周桂兰'], '13800000006'),
  rep('rep-7', '周桂兰', '白沙镇党代表、红星村种植大户', 'township', ['hongxing'], ['孙立新'], '13800000007'),
  rep('rep-8', '吴德明', '白沙镇党代表、新河社区退休教师', 'township', ['xinhe'], ['孙立新'], '13800000008'),
];

const SCHEDULES: Record<string, ReceptionSchedule> = {
  shiqiao: { every: 'week', weekday: 2 },
  xinhe: { every: 'week', weekday: 2 },
  hongxing: { every: 'fortnight', weekday: 4, from: '2026-01-08' },
};

/** One workroom per village, its group the representatives who cover the village. */
export const workrooms: Workroom[] = villages.map((v) => ({
  _id: `ws-${v._id}`,
  code: `ws-${v._id}`,
  countyId: C,
  townshipId: v.townshipId,
  villageId: v._id,
  name: `${v.name}党群服务中心党代表工作室`,
  schedule: SCHEDULES[v._id] ?? { every: 'month', day: 20 },
  hours: SCHEDULES[v._id] ? '下午2:30—5:30' : '上午9:00—12:00',
  representativeIds: representatives.filter((r) => r.villageIds.includes(v._id)).map((r) => r._id),
}));

/** 活动小组: each township's representatives, led by its county representative. */
export const groups: ActivityGroup[] = [
  { _id: 'grp-qingshi', code: 'grp-qingshi', countyId: C, name: '青石镇党代表活动小组', leaderId: 'rep-2', memberIds: ['rep-2', 'rep-1', 'rep-3', 'rep-4'] },
  { _id: 'grp-baisha', code: 'grp-baisha', countyId: C, name: '白沙镇党代表活动小组', leaderId: 'rep-6', memberIds: ['rep-6', 'rep-5', 'rep-7', 'rep-8'] },
];

export interface DemoIdentity {
  openid: string;
  name: string;
  /** what the sign-in page shows */
  label: string;
  grants: RoleGrant[];
  /** the cities whose counties' figures they read */
  regions?: string[];
}

export const identities: DemoIdentity[] = [
  { openid: 'dev-resident-wang', name: '王大爷', label: '群众 · 王大爷（桃源村）', grants: [] },
  { openid: 'dev-resident-li', name: '李阿姨', label: '群众 · 李阿姨（白沙村）', grants: [] },
  { openid: 'dev-rep-li', name: '李秀英', label: '党代表 · 李秀英（桃源村）', grants: [{ role: 'representative', countyId: C, representativeId: 'rep-1' }] },
  {
    openid: 'dev-rep-zhang',
    name: '张建国',
    label: '党代表 · 张建国（县党代表）',
    grants: [{ role: 'representative', countyId: C, representativeId: 'rep-2' }],
  },
  { openid: 'dev-rep-zhao', name: '赵红梅', label: '党代表 · 赵红梅（白沙村）', grants: [{ role: 'representative', countyId: C, representativeId: 'rep-5' }] },
  {
    openid: 'dev-assigner-qingshi',
    name: '何平',
    label: '交办人 · 何平（青石镇组织委员）',
    grants: [{ role: 'assigner', countyId: C, level: 'township', townshipId: 'qingshi' }],
  },
  {
    openid: 'dev-assigner-baisha',
    name: '邓丽',
    label: '交办人 · 邓丽（白沙镇组织委员）',
    grants: [{ role: 'assigner', countyId: C, level: 'township', townshipId: 'baisha' }],
  },
  {
    openid: 'dev-handler-qingshi-build',
    name: '黄涛',
    label: '承办人 · 黄涛（青石镇村镇建设服务中心）',
    grants: [{ role: 'handler', countyId: C, unitId: 'qingshi-build' }],
  },
  {
    openid: 'dev-handler-qingshi-social',
    name: '罗静',
    label: '承办人 · 罗静（青石镇社会事务办公室）',
    grants: [{ role: 'handler', countyId: C, unitId: 'qingshi-social' }],
  },
  { openid: 'dev-handler-taoyuan', name: '林国富', label: '承办人 · 林国富（桃源村委会）', grants: [{ role: 'handler', countyId: C, unitId: 'vc-taoyuan' }] },
  {
    openid: 'dev-handler-county-transport',
    name: '郑伟',
    label: '承办人 · 郑伟（县交通运输局）',
    grants: [{ role: 'handler', countyId: C, unitId: 'county-transport' }],
  },
  { openid: 'dev-handler-county-water', name: '冯雪', label: '承办人 · 冯雪（县水利局）', grants: [{ role: 'handler', countyId: C, unitId: 'county-water' }] },
  { openid: 'dev-supervisor-county', name: '高明', label: '督办领导 · 高明（副县长）', grants: [{ role: 'supervisor', countyId: C, level: 'county' }] },
  {
    openid: 'dev-supervisor-qingshi',
    name: '钱进',
    label: '督办领导 · 钱进（青石镇副镇长）',
    grants: [{ role: 'supervisor', countyId: C, level: 'township', townshipId: 'qingshi' }],
  },
  {
    openid: 'dev-supervisor-taoyuan',
    name: '谢军',
    label: '督办领导 · 谢军（青石镇联系桃源村、柳河村领导）',
    grants: [{ role: 'supervisor', countyId: C, level: 'village', villageIds: ['taoyuan', 'liuhe'] }],
  },
  {
    openid: 'dev-office',
    name: '马丽',
    label: '办公室 · 马丽（县联系群众工作办公室，县级交办）',
    grants: [
      { role: 'office', countyId: C },
      { role: 'assigner', countyId: C, level: 'county' },
    ],
  },
  { openid: 'dev-region', name: '周平', label: '市联系群众工作办公室 · 周平（示范市，只看各县统计）', grants: [], regions: [region._id] },
];
