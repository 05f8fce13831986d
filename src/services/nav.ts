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
  done: (p: { id: string; no: string; due: string; next: string; held?: string }) => `/pages/done/index?${query(p)}`,
  mine: () => '/pages/mine/index',
  case: (id: string) => `/pages/case/index?${query({ id })}`,
  messages: () => '/pages/messages/index',
  signin: (next?: string) => `/pages/signin/index?${query({ next })}`,
  workbench: (box?: string) => `/staff/workbench/index?${query({ box })}`,
  act: (id: string, action: string) => `/staff/act/index?${query({ id, action })}`,
  printCard: (code: string) => `/office/card/index?${query({ code })}`,
  cardSheet: () => '/office/cards/index',
  board: (village: string) => `/pages/board/index?${query({ village })}`,
  notices: (village: string) => `/pages/notices/index?${query({ village })}`,
  publishNotice: (no: string) => `/office/notice/index?${query({ no })}`,
  stats: () => '/office/stats/index',
  region: (region?: string) => `/office/region/index?${query({ region })}`,
  /** the county's cases, narrowed to a grid's when one is given */
  ledger: (grid?: string) => `/office/ledger/index?${query({ grid })}`,
  importOrganisation: () => '/office/import/index',
  reception: () => '/staff/reception/index',
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
