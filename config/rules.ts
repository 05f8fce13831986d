/**
 * Business rules as data. Places differ (DOMAIN.md: "limits are configuration, with these as
 * defaults"), so everything a county may want to change lives here, not in code.
 */
import type { Level } from '../types/domain';

export type TimeLimit = { workingDays: number } | { months: number };

export interface Category {
  id: string;
  name: string;
  /** the level most cases of this kind belong to; the representative confirms or changes it */
  level: Level;
}

export interface Rules {
  /** 时限: counted from the day after assignment (次日起算) */
  timeLimits: Record<Level, TimeLimit>;
  /** 不满意 → 再交办 at most this many times; the next dissatisfied rating closes the case as rated */
  maxReassignments: number;
  submit: {
    descriptionMin: number;
    descriptionMax: number;
    maxPhotos: number;
    /** submissions a resident may make per hour and per day (perDay at most 1000: one query page) */
    perHour: number;
    perDay: number;
  };
  text: { reasonMax: number; replyMax: number; noteMax: number; nameMax: number; addressMax: number };
  pageSize: { default: number; max: number };
  invitationDays: number;
  categories: Category[];
}

export const RULES: Rules = {
  timeLimits: {
    village: { workingDays: 7 },
    township: { workingDays: 15 },
    county: { months: 1 },
  },
  maxReassignments: 2,
  submit: { descriptionMin: 5, descriptionMax: 1000, maxPhotos: 9, perHour: 5, perDay: 20 },
  text: { reasonMax: 500, replyMax: 2000, noteMax: 1000, nameMax: 20, addressMax: 200 },
  pageSize: { default: 20, max: 50 },
  invitationDays: 7,
  categories: [
    { id: 'road', name: '道路交通', level: 'township' },
    { id: 'utilities', name: '水电气', level: 'township' },
    { id: 'environment', name: '环境卫生', level: 'village' },
    { id: 'welfare', name: '社会保障', level: 'county' },
    { id: 'dispute', name: '邻里纠纷', level: 'village' },
    { id: 'other', name: '其他', level: 'village' },
  ],
};

/** The level a category usually goes to: where a representative's routing starts. */
export function usualLevel(rules: Pick<Rules, 'categories'>, category: string | undefined): Level {
  return rules.categories.find((c) => c.id === category)?.level ?? 'village';
}

/** A mobile number or a landline with its area code: what residents leave to be called back. */
export const PHONE_PATTERN = /^(1\d{10}|0\d{2,3}-?\d{7,8})$/;

export const CATEGORY_IDS = RULES.categories.map((c) => c.id) as [string, ...string[]];
