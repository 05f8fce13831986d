/**
 * What a person sees on a page, measured in the browser: axe-core's WCAG 2.2 AA rules (contrast,
 * names, targets…) and the 适老化 figures axe does not know: text and typed-text sizes, tap-target
 * sizes, whether the whole input box takes focus, and whether anything leaves the screen.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

/** How the text is enlarged: not at all, by the browser's text size, or by WeChat's font setting. */
export type Enlarge = 'none' | 'browser' | 'wechat';

/** The 适老化 figures (in CSS px at 1×), multiplied by the text factor where text is concerned. */
export const REACH = {
  bodyText: 18,
  secondaryText: 16,
  typedText: 18,
  target: 44,
  primaryTarget: 60,
  contrast: 4.5,
  /** the text factor each way of enlarging applies: a browser's 140%, and WeChat's largest font level (the most the pages apply) */
  factor: { none: 1, browser: 1.4, wechat: 2 },
} as const;

export interface Measured {
  /** axe-core violations, one line each: rule id, what it said, where */
  violations: string[];
  /** the lowest contrast ratio of any text axe measured */
  minContrast: number;
  /** how many text nodes axe could not measure (text over images, overlapping boxes) */
  unmeasured: number;
  /** the smallest visible text, in px, and what it says */
  minText: { px: number; text: string };
  /** the page's body text size (.screen) */
  bodyText: number;
  /** the smallest typed text (input, textarea), or null without fields */
  minTyped: number | null;
  /** the smallest tap target's shorter side, and the smallest primary button's height */
  minTarget: { px: number; text: string } | null;
  minPrimary: { px: number; text: string } | null;
  /** what breaks a rule of its own: too-small targets and text, input boxes that do not focus, words cut off, sideways overflow */
  problems: string[];
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Enlarges the text of a loaded page, as the browser's text size or WeChat's font setting would. */
export async function enlarge(page: Page, how: Enlarge): Promise<void> {
  if (how === 'none') return;
  await page.evaluate(
    ({ how, factor }) => {
      const html = document.documentElement;
      if (how === 'browser') html.style.fontSize = `${parseFloat(getComputedStyle(html).fontSize) * factor}px`;
      else document.querySelectorAll<HTMLElement>('.screen').forEach((s) => s.style.setProperty('--text-scale', String(factor)));
    },
    { how, factor: REACH.factor[how] },
  );
  await page.waitForTimeout(150);
}

/** Runs axe-core and the page's own measurements on a page whose text is enlarged `how`. */
export async function measurePage(page: Page, how: Enlarge): Promise<Measured> {
  const factor = REACH.factor[how];
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const axe = await page.evaluate(async () => {
    const w = window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<AxeResults> } };
    interface AxeNode {
      target: string[];
      html: string;
      failureSummary?: string;
      any: Array<{ id: string; data?: { contrastRatio?: number } | null }>;
    }
    interface AxeResults {
      violations: Array<{ id: string; help: string; nodes: AxeNode[] }>;
      passes: Array<{ id: string; nodes: AxeNode[] }>;
      incomplete: Array<{ id: string; nodes: AxeNode[] }>;
    }
    const r = await w.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations', 'passes', 'incomplete'],
    });
    const ratios = [...r.passes, ...r.violations]
      .filter((rule) => rule.id === 'color-contrast')
      .flatMap((rule) => rule.nodes.map((n) => n.any.find((c) => c.id === 'color-contrast')?.data?.contrastRatio ?? Infinity));
    return {
      violations: r.violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${v.help} @ ${n.target.join(' ')} ${n.html.slice(0, 120)}`)),
      minContrast: Math.min(...ratios),
      unmeasured: r.incomplete.filter((rule) => rule.id === 'color-contrast').reduce((n, rule) => n + rule.nodes.length, 0),
    };
  });
  const own = await page.evaluate(
    ({ reach, factor }) => {
      const problems: string[] = [];
      const shown = (e: Element) => {
        const r = e.getBoundingClientRect();
        const s = getComputedStyle(e);
        return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && Number(s.opacity) > 0;
      };
      const label = (e: Element) => (e.textContent ?? '').replace(/\s+/g, ' ').trim().slice(0, 16) || e.tagName.toLowerCase();
      // every visible piece of text, at its element's size
      let minText = { px: Infinity, text: '' };
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = (node.textContent ?? '').trim();
        const el = node.parentElement;
        if (!text || !el || !shown(el) || el.closest('script, style, noscript, [aria-hidden="true"]')) continue;
        const px = parseFloat(getComputedStyle(el).fontSize);
        if (px < minText.px) minText = { px, text: text.slice(0, 16) };
        if (px < reach.secondaryText * factor - 0.05)
          problems.push(`text ${px.toFixed(1)}px < ${(reach.secondaryText * factor).toFixed(1)}: ${text.slice(0, 16)}`);
      }
      const screen = document.querySelector('.screen');
      const bodyText = screen ? parseFloat(getComputedStyle(screen).fontSize) : 0;
      if (bodyText < reach.bodyText * factor - 0.05) problems.push(`body text ${bodyText.toFixed(1)}px < ${reach.bodyText * factor}`);
      // typed text, and the whole box of each field taking focus
      let minTyped: number | null = null;
      for (const field of Array.from(document.querySelectorAll('input:not([type=file]):not([type=hidden]), textarea')).filter(shown)) {
        const px = parseFloat(getComputedStyle(field).fontSize);
        minTyped = Math.min(minTyped ?? Infinity, px);
        if (px < reach.typedText * factor - 0.05)
          problems.push(`typed text ${px.toFixed(1)}px < ${(reach.typedText * factor).toFixed(1)}: ${field.getAttribute('placeholder') ?? field.tagName}`);
        const box = field.closest('.input, .textarea') ?? field;
        const outer = box.getBoundingClientRect();
        const inner = field.getBoundingClientRect();
        if (inner.height < outer.height - 8 || inner.width < outer.width - 8)
          problems.push(
            `only ${Math.round(inner.width)}×${Math.round(inner.height)} of the ${Math.round(outer.width)}×${Math.round(outer.height)} box focuses ${field.getAttribute('placeholder') ?? field.tagName}`,
          );
      }
      // tap targets: what a finger is meant to press
      const tappable = Array.from(
        document.querySelectorAll(
          '.btn, .chip, .link, .call, .photo-add, .photo-remove, .case-item, .message, taro-switch-core, taro-checkbox-core, [role=button], [role=radio], [role=checkbox], [role=switch], a[href], input, textarea',
        ),
      ).filter((e) => shown(e) && !e.parentElement?.closest('.btn, .chip, .link, .call, .case-item, .message, a[href]'));
      let minTarget: Measured['minTarget'] = null;
      let minPrimary: Measured['minPrimary'] = null;
      for (const e of tappable) {
        const r = e.getBoundingClientRect();
        const side = Math.min(r.width, r.height);
        if (!minTarget || side < minTarget.px) minTarget = { px: side, text: label(e) };
        if (side < reach.target - 0.5) problems.push(`target ${Math.round(r.width)}×${Math.round(r.height)} < ${reach.target}: ${label(e)}`);
        if (e.matches('.btn-primary, .btn-big')) {
          if (!minPrimary || r.height < minPrimary.px) minPrimary = { px: r.height, text: label(e) };
          if (r.height < reach.primaryTarget - 0.5) problems.push(`primary button ${Math.round(r.height)} high < ${reach.primaryTarget}: ${label(e)}`);
        }
      }
      // no words cut off inside a box that hides its overflow (fields scroll, and are left out)
      for (const e of Array.from(document.querySelectorAll('.screen *')).filter(shown)) {
        const style = getComputedStyle(e);
        if (e.matches('input, textarea') || !(e.textContent ?? '').trim() || ![style.overflowX, style.overflowY].some((o) => o === 'hidden' || o === 'clip'))
          continue;
        if (e.scrollHeight > e.clientHeight + 2 || e.scrollWidth > e.clientWidth + 2)
          problems.push(`words cut off in a ${Math.round(e.clientWidth)}×${Math.round(e.clientHeight)} box: ${label(e)}`);
      }
      // nothing leaves the screen sideways
      const width = document.documentElement.clientWidth;
      if (document.documentElement.scrollWidth > width) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
      for (const e of Array.from(document.querySelectorAll('.screen *')).filter(shown)) {
        const r = e.getBoundingClientRect();
        if (r.right > width + 1 && !e.closest('[data-scrolls]')) {
          problems.push(`overflows the screen by ${Math.round(r.right - width)}px: ${label(e)}`);
          break;
        }
      }
      return { minText, bodyText, minTyped, minTarget, minPrimary, problems };
    },
    { reach: REACH, factor },
  );
  return { ...axe, ...own };
}
