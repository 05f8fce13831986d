/** Page addresses in one place: the mini-program and h5 share them. */
import Taro from '@tarojs/taro';

const query = (params: Record<string, string | number | undefined>) =>
  Object.entries(params)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`)
    .join('&');

export const pages = {
  card: (code: string) => `/pages/card/index?${query({ code })}`,
  submit: (code: string) => `/pages/submit/index?${query({ code })}`,
  /** after sending; a messenger's pass-on also has `follow`, the code for a named neighbour, and `passed` */
  done: (p: { id: string; no: string; due: string; next: string; held?: string; follow?: string; until?: string; passed?: string }) =>
    `/pages/done/index?${query(p)}`,
  mine: () => '/pages/mine/index',
  case: (id: string) => `/pages/case/index?${query({ id })}`,
  messages: () => '/pages/messages/index',
  /** a messenger's (or 代办党员's) own page: their terms and what they passed on */
  messenger: () => '/pages/messenger/index',
  /** 代邻居反映: the pass-on form of one term */
  passOn: (messengerId: string) => `/pages/pass/index?${query({ messenger: messengerId })}`,
  /** entering an invitation code (to become a messenger) or a follow code (to follow a neighbour's case) */
  enterCode: (code?: string) => `/pages/code/index?${query({ code })}`,
  signin: (next?: string) => `/pages/signin/index?${query({ next })}`,
  workbench: (box?: string) => `/staff/workbench/index?${query({ box })}`,
  act: (id: string, action: string) => `/staff/act/index?${query({ id, action })}`,
  /** 并案: the office merges a case into another open case of its village */
  merge: (id: string) => `/office/merge/index?${query({ id })}`,
  printCard: (code: string) => `/office/card/index?${query({ code })}`,
  cardSheet: () => '/office/cards/index',
  board: (village: string) => `/pages/board/index?${query({ village })}`,
  notices: (village: string) => `/pages/notices/index?${query({ village })}`,
  /** a village's echo wall (回音墙), public */
  wall: (village: string) => `/pages/wall/index?${query({ village })}`,
  /** the replying unit's wall posts */
  staffWall: () => '/staff/wall/index',
  /** matters put to residents: the staff's list and form */
  matters: () => '/staff/matters/index',
  /** the office's wall: held posts, figures per village, the codes to print */
  officeWall: () => '/office/wall/index',
  officeMatters: () => '/office/matters/index',
  publishNotice: (no: string) => `/office/notice/index?${query({ no })}`,
  stats: () => '/office/stats/index',
  region: (region?: string) => `/office/region/index?${query({ region })}`,
  /** the county's cases, narrowed to a grid's when one is given */
  ledger: (grid?: string) => `/office/ledger/index?${query({ grid })}`,
  importOrganisation: () => '/office/import/index',
  reception: () => '/staff/reception/index',
  /** 回访: answers that could not be pushed, to call the residents about */
  callbacks: () => '/staff/callbacks/index',
  proposals: () => '/staff/proposals/index',
  /** a proposal, or the form to draft one */
  proposal: (id?: string) => `/staff/proposal/index?${query({ id })}`,
  briefings: (id?: string) => `/staff/briefings/index?${query({ id })}`,
  groups: () => '/staff/group/index',
  report: () => '/staff/report/index',
  records: () => '/office/records/index',
  people: () => '/office/people/index',
  audit: () => '/office/audit/index',
  officeProposals: () => '/office/proposals/index',
  officeBriefings: () => '/office/briefings/index',
  officeEvaluations: () => '/office/evaluations/index',
  officeGroups: () => '/office/groups/index',
  scores: () => '/office/scores/index',
  /** 三联动: a workroom's 接待前民意清单, a township's monthly 问题会商会, the county's 督查, the meetings held per township */
  preReception: (workroom?: string) => `/staff/prelist/index?${query({ workroom })}`,
  meeting: (township?: string, month?: string) => `/staff/meeting/index?${query({ township, month })}`,
  inspections: () => '/staff/inspect/index',
  meetingsHeld: () => '/office/meetings/index',
  /** the county's (a township's) messengers and 代办党员, or one messenger's passed-on cases */
  officeMessengers: (id?: string) => `/office/messengers/index?${query({ id })}`,
  /** 我的网格: a grid's people log visits and enter the requests met there */
  myGrids: () => '/staff/grids/index',
  /** 网格管理: the office's or a township's grids and their figures */
  officeGrids: () => '/office/grids/index',
  /** the county's answered proposals, public from a village's board */
  publishedProposals: (village: string) => `/pages/proposals/index?${query({ village })}`,
};

export const go = (url: string) => Taro.navigateTo({ url });
/** Replaces the current page: the form a resident just sent is not one to come back to. */
export const goInstead = (url: string) => Taro.redirectTo({ url });

/** Starts over at a page: after handing a case on, the pages that showed it are not ones to go back to. */
export const startAt = (url: string) => Taro.reLaunch({ url });

/** Router params arrive encoded on some platforms: read them decoded. */
export function param(params: Partial<Record<string, string>>, name: string): string {
  const raw = params[name];
  if (!raw) return '';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/**
 * The card code a scanned code carries: a card's mini-program code gives its path
 * (`pages/card/index?scene=QX0001`), a printed h5 link its address (`…#/pages/card/index?code=QX0001`).
 * Anything else — another mini-program's code, a shop's QR — carries none: ''.
 */
export function cardCodeIn(scanned: string | undefined): string {
  const found = /pages\/card\/index\?(?:[^#]*&)?(?:scene|code)=([^&#]+)/.exec(scanned ?? '');
  return found ? param({ code: found[1] }, 'code').trim().toUpperCase() : '';
}
