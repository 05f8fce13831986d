/** The cells and columns of the workbooks an office downloads (台账, 统计, 党代表履职), as data. */

/**
 * A cell of a report as Excel and WPS should hold it: text, a number, a rate (a number shown as a
 * percent, so it sorts, sums and charts), a day or an instant (date cells shown in Beijing time),
 * or nothing (a blank cell, not an empty string).
 */
export type ReportCell = string | number | null | { rate: number | null } | { day: string | null } | { at: number | null };

export interface ReportColumn {
  header: string;
  /** width in characters; by default the widest of the header and the cells */
  width?: number;
  /** long text that wraps within its width */
  wrap?: boolean;
}

/** How wide a text shows, in Excel's character widths: a Chinese character takes two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
