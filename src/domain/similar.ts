/**
 * 我也反映: which open cases look like the request a resident is about to send. Pure: texts in,
 * scores out. A text is normalised (punctuation and spaces dropped, full-width folded, a run of
 * digits kept as one token), cut into character bigrams, and two texts score by a weighted Dice
 * overlap of their bigram sets: bigrams every request says (村里 我们 反映 一下…) weigh little.
 * Two texts naming places, none of them shared (村口 against 小学门口, 三组 against 五组), are
 * different problems whatever their words. Candidates must be of the draft's category (or the
 * draft has none yet). The threshold, the window and how many are shown are data (RULES.similar).
 */

/** RULES.similar: cases of the last `days` days, at most `max` shown, a score of at least `threshold`. */
export interface SimilarRules {
  days: number;
  max: number;
  threshold: number;
}

/**
 * Bigrams that say nothing of the problem itself: how people open and close a request, and the
 * filler of spoken Chinese. They weigh `STOP_WEIGHT` instead of 1 (a small stand-in for IDF).
 */
export const STOP_BIGRAMS: ReadonlySet<string> = new Set(
  (
    '村里 我们 我家 请问 问一 一下 反映 麻烦 领导 希望 能不 不能 尽快 解决 处理 帮忙 谢谢 现在 一直 好几 几天 天了 ' +
    '了好 好久 久了 没人 人管 有人 的时 时候 什么 怎么 这个 那个 一个 个月 很多 得很 的问 问题 ' +
    '已经 还是 就是 还没 没有 不了 了一 一点 到处 都是 是不 不是 我想 想反 映一 下我 们村 们组 村的'
  ).split(' '),
);
export const STOP_WEIGHT = 0.2;

/**
 * Words naming where a problem is. Two texts that both name places and share none are about
 * different places; `组` and `社` with a number before them name a group of the village.
 */
export const PLACE_WORDS: readonly string[] = [
  '村口',
  '门口',
  '小学',
  '学校',
  '幼儿园',
  '桥头',
  '桥上',
  '桥下',
  '广场',
  '村委',
  '卫生室',
  '河边',
  '河坝',
  '后山',
  '山上',
  '路口',
  '镇上',
  '车站',
  '公交站',
  '菜市场',
  '祠堂',
  '渠边',
  '巷子',
];
/**
 * What a problem is about and what is wrong with it, as classes of words (a small thesaurus).
 * Two texts of which one names a thing (or a fault) and the other shares no class of it are
 * different problems: 停水 is not 水发黄, 路灯 is not 水管, and a text about the 路灯 is not one
 * about the 地砖 the thesaurus does not know, however many other words they share.
 */
export const THINGS: Readonly<Record<string, readonly string[]>> = {
  light: ['路灯', '灯'],
  road: ['路面', '水泥路', '村道', '公路', '坑', '塌方', '护栏', '井盖', '减速带', '马路'],
  water: ['自来水', '水管', '水压', '水表', '来水', '没水', '停水', '吃水', '水龙头'],
  power: ['停电', '电压', '电线', '电杆', '变压器', '电费'],
  gas: ['天然气', '燃气'],
  rubbish: ['垃圾'],
  sewage: ['粪', '化粪池', '污水', '脏水', '下水道', '阴沟', '排水沟'],
  dog: ['狗'],
  noise: ['吵', '音响', '声音', '打桩', '鞭炮'],
  smoke: ['秸秆', '秸杆', '稻草', '烟'],
  allowance: ['补贴', '津贴', '补助', '低保', '养老金', '养老保险', '医保', '残疾证'],
  signal: ['信号', '网线', '宽带'],
};
export const FAULTS: Readonly<Record<string, readonly string[]>> = {
  dark: ['不亮', '熄', '黑', '闪', '看不见', '看不到'],
  broken: ['坏', '烂', '断', '裂', '垮', '塌', '爆', '破', '倒', '歪', '不见', '偷'],
  cut: ['停水', '停电', '没水', '没得水', '没来水', '停了', '没电'],
  dirty: ['发黄', '黄的', '浑', '锈', '泥沙', '怪味', '漂白粉', '黑的', '死鱼'],
  full: ['满', '堆', '没人拉', '没清运', '堵'],
  bite: ['咬', '追'],
  loud: ['吵', '响', '半夜', '睡不着'],
  unpaid: ['没发', '没到账', '没领到', '少发', '没消息', '批不下来', '没有发', '查不到'],
  costly: ['贵', '收费', '乱收费', '涨'],
};
/**
 * The classes of `table` whose words a text holds, in the table's order. The words are filed by
 * their first character, so a text is read once, each word found wherever it starts (inside
 * another word too: 看不见 holds 不见).
 */
function finder(table: Readonly<Record<string, readonly string[]>>): (text: string) => Set<string> {
  const byFirst = new Map<string, Array<readonly [word: string, of: string]>>();
  for (const [of, words] of Object.entries(table)) {
    for (const word of words) byFirst.set(word[0]!, [...(byFirst.get(word[0]!) ?? []), [word, of] as const]);
  }
  const order = Object.keys(table);
  return (text) => {
    const found = new Set<string>();
    for (let i = 0; i < text.length; i++) {
      for (const [word, of] of byFirst.get(text[i]!) ?? []) if (text.startsWith(word, i)) found.add(of);
    }
    return found.size > 1 ? new Set(order.filter((of) => found.has(of))) : found;
  };
}
const thingsIn = finder(THINGS);
const faultsIn = finder(FAULTS);
const shares = (a: ReadonlySet<string>, b: ReadonlySet<string>) => {
  for (const x of a) if (b.has(x)) return true;
  return false;
};
const disjoint = (a: ReadonlySet<string>, b: ReadonlySet<string>) => a.size > 0 && b.size > 0 && !shares(a, b);
/** One names a class the other does not share: the other says nothing of it, or something else. */
const unmatched = (a: ReadonlySet<string>, b: ReadonlySet<string>) => (a.size > 0 || b.size > 0) && !shares(a, b);

const GROUP = /([一二三四五六七八九十\d]+)[组社]/gu;

const isDigit = (unit: number) => unit >= 0x30 && unit <= 0x39;
const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u;
/** Kept as a letter or number: Chinese characters (CJK Unified Ideographs, all letters), a-z and 0-9 without a look, anything else past ASCII as Unicode says. */
const kept = (char: string, unit: number) =>
  (unit >= 0x4e00 && unit <= 0x9fff) || (unit >= 0x61 && unit <= 0x7a) || isDigit(unit) || (unit >= 0x80 && LETTER_OR_NUMBER.test(char));

/** The text as compared: NFKC-folded, lower case, letters and numbers only. */
export function normalise(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  let out = '';
  for (const char of folded) if (kept(char, char.charCodeAt(0))) out += char;
  return out;
}

/** The set of adjacent token pairs (tokens: each letter on its own, a run of ASCII digits as one; a one-token text is its own bigram). */
export function bigrams(text: string): Set<string> {
  return bigramsOf(normalise(text));
}

function bigramsOf(normalised: string): Set<string> {
  const t = normalised.match(/\d+|./gu) ?? [];
  if (t.length === 1) return new Set(t);
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) out.add(t[i]! + t[i + 1]!);
  return out;
}

/*
 * Bigrams as numbers, so that two texts compare by walking two sorted arrays. A token's number is
 * its code point, or for a run of two to six digits a number of its own past the last code point
 * (runs of each length after those of the lengths before); a bigram's is its first token's number
 * times TOKEN_SPACE plus its second's (a one-token text: plus ALONE). Different bigrams get
 * different numbers, so the score is the same as of the bigrams as text. A run of seven digits or
 * more (a phone number) has no number: bigrams with one are kept as text (`Profile.rest`).
 */
const TOKEN_SPACE = 2 ** 22;
const ALONE = TOKEN_SPACE - 1;
const FIRST_RUN = 0x110000;
/** runs of each length from 2 to 6 start past those of the lengths before */
const RUN_START = [0, 0, 0, 100, 1_100, 11_100, 111_100];
const bigramNumber = (first: number, second: number) => first * TOKEN_SPACE + second;

/**
 * A normalised text's bigrams (the tokens of `bigrams`, read in one pass): those with numbers
 * ascending, each once, and the others as text.
 */
function numberedBigrams(t: string): { grams: Float64Array; rest: Set<string> } {
  const numbers: number[] = [];
  const rest = new Set<string>();
  let tokens = 0;
  // the token before: its number (NaN for a long run of digits) and where it starts
  let before = NaN;
  let beforeAt = 0;
  for (let i = 0; i < t.length; tokens++) {
    const at = i;
    const first = t.codePointAt(i)!;
    let n: number;
    if (isDigit(first)) {
      do i++;
      while (i < t.length && isDigit(t.charCodeAt(i)));
      const length = i - at;
      n = length === 1 ? first : length <= 6 ? FIRST_RUN + RUN_START[length]! + Number(t.slice(at, i)) : NaN;
    } else {
      i += first > 0xffff ? 2 : 1;
      n = first;
    }
    if (tokens > 0) {
      if (Number.isNaN(before) || Number.isNaN(n)) rest.add(t.slice(beforeAt, i));
      else numbers.push(bigramNumber(before, n));
    }
    before = n;
    beforeAt = at;
  }
  // a one-token text is its own bigram
  if (tokens === 1) {
    if (Number.isNaN(before)) rest.add(t);
    else numbers.push(bigramNumber(before, ALONE));
  }
  const sorted = Float64Array.from(numbers).sort();
  return { grams: sorted.filter((g, i) => i === 0 || g !== sorted[i - 1]), rest };
}

const placeWordsIn = finder(Object.fromEntries(PLACE_WORDS.map((w) => [w, [w]])));
function placesIn(t: string): Set<string> {
  const found = placeWordsIn(t);
  if (t.includes('组') || t.includes('社')) for (const m of t.matchAll(GROUP)) found.add(`${m[1]}组`);
  return found;
}

/** the stop bigrams' numbers (each two letters: one bigram) */
const STOP_NUMBERS: ReadonlySet<number> = new Set([...STOP_BIGRAMS].map((b) => numberedBigrams(b).grams[0]!));
/**
 * Weights counted in whole units, a stop bigram 1 and any other 1 / STOP_WEIGHT (5): sums are exact
 * in any order, so a score is the same however the bigrams come, and equal overlaps tie exactly.
 */
const OTHER_UNITS = Math.round(1 / STOP_WEIGHT);
const units = (bigram: number) => (STOP_NUMBERS.has(bigram) ? 1 : OTHER_UNITS);

/** A text ready to be compared many times: its bigrams and places worked out once. */
export interface Profile {
  /** its bigrams' numbers, ascending, each once */
  grams: Float64Array;
  /** its bigrams with a run of seven digits or more, as text (never a stop bigram) */
  rest: ReadonlySet<string>;
  /** its bigrams weighed, in units (`units`: a stop bigram 1, any other 5) */
  weight: number;
  places: ReadonlySet<string>;
  things: ReadonlySet<string>;
  faults: ReadonlySet<string>;
}

export function profile(text: string): Profile {
  const t = normalise(text);
  const { grams, rest } = numberedBigrams(t);
  const total = grams.reduce((sum, g) => sum + units(g), 0) + rest.size * OTHER_UNITS;
  return { grams, rest, weight: total, places: placesIn(t), things: thingsIn(t), faults: faultsIn(t) };
}

/** Stands for "names no fault" or "names no thing" in a lookup term. */
const NONE = '-';
const orNone = (set: ReadonlySet<string>) => (set.size ? [...set] : [NONE]);

/**
 * The terms a text is found by before the matcher reads it (stored on a case, indexed): each
 * fault class its words name with each thing class, `-` for none (`broken|light`, `-|rubbish`).
 * Two texts sharing no term score 0: `similarity` refuses two texts without a fault class in
 * common unless neither names one, and the same of thing classes, so a lookup by a draft's terms
 * misses nothing the matcher would find.
 */
export function similarTerms(p: Pick<Profile, 'things' | 'faults'>): string[] {
  return orNone(p.faults).flatMap((f) => orNone(p.things).map((t) => `${f}|${t}`));
}

/** A text's lookup terms (`similarTerms`), reading only its thing and fault classes: what every submit works out. */
export function termsOf(text: string): string[] {
  const t = normalise(text);
  return similarTerms({ things: thingsIn(t), faults: faultsIn(t) });
}

/** Profiles of texts already seen (a village's open cases are weighed at every lookup): at most `PROFILES_KEPT`, the oldest dropped first. */
const PROFILES_KEPT = 20_000;
const profiles = new Map<string, Profile>();
function profileOf(text: string): Profile {
  let p = profiles.get(text);
  if (!p) {
    p = profile(text);
    if (profiles.size >= PROFILES_KEPT) profiles.delete(profiles.keys().next().value!);
    profiles.set(text, p);
  }
  return p;
}

/** How alike two texts are, 0 to 1: 0 when they name different places, or do not name the same things and faults. */
export function similarity(a: Profile, b: Profile): number {
  if (disjoint(a.places, b.places) || unmatched(a.things, b.things) || unmatched(a.faults, b.faults)) return 0;
  if (!a.weight || !b.weight) return 0;
  let shared = 0;
  const [x, y] = [a.grams, b.grams];
  for (let i = 0, j = 0; i < x.length && j < y.length; ) {
    if (x[i]! < y[j]!) i++;
    else if (x[i]! > y[j]!) j++;
    else {
      shared += units(x[i]!);
      i++;
      j++;
    }
  }
  for (const g of a.rest) if (b.rest.has(g)) shared += OTHER_UNITS;
  return (2 * shared) / (a.weight + b.weight);
}

/** Whether a case of `category` may be the draft's problem: the same category, or the draft has none yet. */
export const categoryFits = (draft: string | null | undefined, category: string): boolean => !draft || draft === category;

/** The draft a resident is about to send. */
export interface SimilarDraft {
  description: string;
  category?: string | null;
  /** its `profile`, when the caller has worked it out already (for its lookup terms) */
  profile?: Profile;
}

/** A case that may be the same problem: already of the draft's village and open (the caller's query says so). */
export interface SimilarCandidate {
  description: string;
  category: string;
  createdAt: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** below 0 when `x` ranks before `y`: the higher score, then the newer case */
const better = (x: { candidate: SimilarCandidate; score: number }, y: { candidate: SimilarCandidate; score: number }) =>
  y.score - x.score || y.candidate.createdAt - x.candidate.createdAt;

/**
 * Up to `rules.max` candidates that look like the draft, best first: created within `rules.days`
 * of `now`, of a fitting category, scoring at least `rules.threshold`.
 */
export function similarCases<C extends SimilarCandidate>(
  draft: SimilarDraft,
  candidates: readonly C[],
  now: number,
  rules: SimilarRules,
): Array<{ candidate: C; score: number }> {
  if (rules.max <= 0) return [];
  const mine = draft.profile ?? profile(draft.description);
  const since = now - rules.days * DAY_MS;
  // the best `max` so far, best first: one pass, however many are weighed
  const best: Array<{ candidate: C; score: number }> = [];
  for (const candidate of candidates) {
    if (candidate.createdAt < since || !categoryFits(draft.category, candidate.category)) continue;
    const score = similarity(mine, profileOf(candidate.description));
    if (score < rules.threshold) continue;
    const found = { candidate, score };
    if (best.length === rules.max && better(found, best[best.length - 1]!) >= 0) continue;
    const at = best.findIndex((b) => better(found, b) < 0);
    best.splice(at < 0 ? best.length : at, 0, found);
    if (best.length > rules.max) best.pop();
  }
  return best;
}
