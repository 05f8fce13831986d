/**
 * Asia/Shanghai, where every date Lianxin shows or counts is: UTC+8 all year (China has kept no
 * daylight saving since 1991), so a fixed offset is exact. Small on purpose: the pages import it.
 */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

export const SHANGHAI_OFFSET_MINUTES = 8 * 60;
export const SHANGHAI_OFFSET_MS = SHANGHAI_OFFSET_MINUTES * 60_000;

/** An instant, or a YYYY-MM-DD day, as Shanghai's wall clock reads it (dayjs, to format). */
export const inShanghai = (at: number | string) => (typeof at === 'string' ? dayjs.utc(at) : dayjs.utc(at).utcOffset(SHANGHAI_OFFSET_MINUTES));
