/** 我也反映: the matcher on its labelled set, and the rules it keeps whatever the words. */
import { RULES } from '../../config/rules';
import { bigrams, categoryFits, normalise, profile, similarCases, similarity, STOP_BIGRAMS, STOP_WEIGHT, termsOf } from '../../src/domain/similar';
import { SIMILAR_PAIRS } from './fixtures/similar-pairs';
import { caseSimilarKeys, lookupKeys, similarKeys } from '../../src/domain/metoo';

const NOW = Date.parse('2026-11-23T10:00:00+08:00');
const DAY = 24 * 60 * 60 * 1000;

describe('the labelled set', () => {
  it('has at least 220 pairs, about 40% of them the same problem', () => {
    expect(SIMILAR_PAIRS.length).toBeGreaterThanOrEqual(220);
    const same = SIMILAR_PAIRS.filter((p) => p.same).length / SIMILAR_PAIRS.length;
    expect(same).toBeGreaterThan(0.35);
    expect(same).toBeLessThan(0.45);
  });

  // the threshold and the rules were tuned on the even pairs; the odd ones were held out
  const measure = (pairs: readonly (typeof SIMILAR_PAIRS)[number][]) => {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (const p of pairs) {
      const found =
        similarCases({ description: p.b, category: p.categoryB }, [{ description: p.a, category: p.categoryA, createdAt: NOW }], NOW, RULES.similar).length > 0;
      if (found && p.same) tp++;
      else if (found) fp++;
      else if (p.same) fn++;
    }
    return {
      precision: tp / (tp + fp),
      recall: tp / (tp + fn),
      line: `precision ${(tp / (tp + fp)).toFixed(3)} (${tp}/${tp + fp}), recall ${(tp / (tp + fn)).toFixed(3)} (${tp}/${tp + fn})`,
    };
  };

  it('is matched with the configured threshold at the precision and recall reported, on the tuning half, the held-out half and the whole', () => {
    const even = measure(SIMILAR_PAIRS.filter((_, i) => i % 2 === 0));
    const odd = measure(SIMILAR_PAIRS.filter((_, i) => i % 2 === 1));
    const all = measure(SIMILAR_PAIRS);
    console.log(
      `similar: threshold ${RULES.similar.threshold}; tuned on ${Math.ceil(SIMILAR_PAIRS.length / 2)} even pairs: ${even.line}; held-out ${Math.floor(SIMILAR_PAIRS.length / 2)} odd pairs: ${odd.line}; all ${SIMILAR_PAIRS.length}: ${all.line}`,
    );
    // the goal is precision ≥ 0.9 at recall ≥ 0.6: the whole set reaches it, the held-out half not quite (0.882); asserted as measured, so neither can slip unnoticed
    expect(all.recall).toBeGreaterThanOrEqual(0.6);
    expect(all.precision).toBeGreaterThanOrEqual(0.9);
    expect(odd.recall).toBeGreaterThanOrEqual(0.6);
    expect(odd.precision).toBeGreaterThanOrEqual(0.88);
  });
});

describe('similarity', () => {
  it('keeps exactly the letters and numbers Unicode names, for every character of the basic plane and beyond', () => {
    const reference = (text: string) =>
      text
        .normalize('NFKC')
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]/gu, '');
    const chars = [
      ...Array.from({ length: 0x10000 }, (_, i) => String.fromCharCode(i)),
      ...[0x20000, 0x24e00, 0x1d400, 0x1f600, 0x10ffff].map((c) => String.fromCodePoint(c)),
    ];
    expect(chars.filter((c) => normalise(`a${c}İ${c}9`) !== reference(`a${c}İ${c}9`)).map((c) => c.codePointAt(0)!.toString(16))).toEqual([]);
    const texts = SIMILAR_PAIRS.flatMap((p) => [p.a, p.b]);
    expect(texts.filter((t) => normalise(t) !== reference(t))).toEqual([]);
  });

  it('ignores punctuation, spaces and full-width forms, and keeps a run of digits as one token', () => {
    expect(normalise('村口 路灯，坏了！ＡＢ')).toBe('村口路灯坏了ab');
    expect(bigrams('12组路灯')).toEqual(new Set(['12组', '组路', '路灯']));
  });

  it('scores the same words 1 and unrelated words 0', () => {
    expect(similarity(profile('村口路灯坏了'), profile('村口路灯坏了'))).toBe(1);
    expect(similarity(profile('低保没批'), profile('麻将馆吵'))).toBe(0);
  });

  it('tells apart the same fault at two places, and two faults of the same thing', () => {
    expect(similarity(profile('村口路灯坏了，晚上黑漆漆的'), profile('小学门口路灯坏了，晚上黑漆漆的'))).toBe(0);
    expect(similarity(profile('三组路灯全部不亮了'), profile('五组路灯全部不亮了'))).toBe(0);
    expect(similarity(profile('自来水停水三天了'), profile('自来水水质发黄，有铁锈味'))).toBe(0);
    // one names a thing the other does not: the 路灯 is not the 地砖, whatever the place and fault they share
    expect(similarity(profile('广场的路灯坏了两盏'), profile('广场的地砖烂了好几块'))).toBe(0);
  });

  it('scores exactly as the bigrams as text would, digits and letters beyond the basic plane included', () => {
    // the Dice overlap of the bigrams as text, weighed in fifths (a stop bigram 1, any other 5, exact in any order): what the numbered bigrams must reproduce
    const weigh = (g: string) => (STOP_BIGRAMS.has(g) ? STOP_WEIGHT * 5 : 5);
    const dice = (x: string, y: string) => {
      const [a, b] = [bigrams(x), bigrams(y)];
      const total = (set: Set<string>) => [...set].reduce((sum, g) => sum + weigh(g), 0);
      const shared = [...a].filter((g) => b.has(g)).reduce((sum, g) => sum + weigh(g), 0);
      return total(a) && total(b) ? (2 * shared) / (total(a) + total(b)) : 0;
    };
    const apart = (p: ReturnType<typeof profile>, q: ReturnType<typeof profile>) => {
      const shares = (x: ReadonlySet<string>, y: ReadonlySet<string>) => [...x].some((v) => y.has(v));
      const either = (x: ReadonlySet<string>, y: ReadonlySet<string>) => (x.size > 0 || y.size > 0) && !shares(x, y);
      return (p.places.size > 0 && q.places.size > 0 && !shares(p.places, q.places)) || either(p.things, q.things) || either(p.faults, q.faults);
    };
    const labelled = SIMILAR_PAIRS.flatMap((p) => [p.a, p.b]);
    const made = [
      '路灯坏了，电话13812345678',
      '路灯坏了，电话13812345678，急',
      '12组路灯坏了',
      '012组路灯坏了',
      '路灯坏了12盏',
      '路灯坏了012盏',
      '路灯坏了3盏',
      '2组路灯坏了 123456 1234567',
      '路灯坏了𠀀𠀁',
      // U+24E00 beside 一 (U+4E00): one plane apart, never one letter
      '路灯坏了\u{24E00}个',
      '路灯坏了一个',
      '灯',
      '1',
      '12345678',
    ];
    // every labelled text against every seventh, and each made one against all
    const pairs = [
      ...labelled.flatMap((a, i) => labelled.filter((_, j) => j >= i && (j - i) % 7 === 0).map((b) => [a, b])),
      ...made.flatMap((a) => [...made, ...labelled].map((b) => [a, b])),
    ];
    for (const [a, b] of pairs) {
      const [p, q] = [profile(a!), profile(b!)];
      expect({ a, b, score: similarity(p, q) }).toEqual({ a, b, score: apart(p, q) ? 0 : dice(a!, b!) });
    }
    expect(pairs.length).toBeGreaterThan(10_000);
  });

  it('scores two texts with the same bigrams alike, whatever their order, so the newer of two equal cases comes first', () => {
    const draft = profile('村口那盏路灯坏了好几天了，晚上黑漆漆的');
    const older = profile('我们村的路灯一到晚上就不亮，好几个月了都没人来修');
    const newer = profile('好几个月了都没人来修，我们村的路灯一到晚上就不亮');
    expect(similarity(draft, newer)).toBe(similarity(draft, older));
    expect(similarity(older, draft)).toBe(similarity(draft, older));
    const found = similarCases(
      { description: '村口那盏路灯坏了好几天了，晚上黑漆漆的', category: 'road' },
      [
        { description: '我们村的路灯一到晚上就不亮，好几个月了都没人来修', category: 'road', createdAt: NOW - 2 * DAY },
        { description: '好几个月了都没人来修，我们村的路灯一到晚上就不亮', category: 'road', createdAt: NOW - DAY },
      ],
      NOW,
      { ...RULES.similar, max: 1 },
    );
    expect(found.map((f) => f.candidate.createdAt)).toEqual([NOW - DAY]);
  });

  it('finds a thesaurus word wherever it starts, inside another word too', () => {
    // 看不见 names the dark (看不见) and, inside it, the broken (不见): both classes, as two separate searches would find them
    expect(profile('路灯坏了晚上看不见').faults).toEqual(new Set(['dark', 'broken']));
    expect(profile('自来水停水了').things).toEqual(new Set(['water']));
    expect(profile('三组桥头的路灯').places).toEqual(new Set(['桥头', '三组']));
    expect(termsOf('今天天气不错')).toEqual(['-|-']);
  });

  it('fits a case of the same category, or any when the draft has none yet', () => {
    expect(categoryFits('road', 'road')).toBe(true);
    expect(categoryFits(null, 'road')).toBe(true);
    expect(categoryFits('utilities', 'road')).toBe(false);
  });
});

describe('similarCases', () => {
  const c = (description: string, daysAgo: number, category = 'road') => ({ description, category, createdAt: NOW - daysAgo * DAY });

  it('answers at most three, best first, of the last 30 days and above the threshold', () => {
    const found = similarCases(
      { description: '村口路灯坏了，晚上黑得很', category: 'road' },
      [c('村口路灯不亮了', 1), c('村口路灯坏了', 2), c('村口的路灯坏了好几天', 3), c('村口那个路灯坏嘞', 4), c('村口路灯坏了', 31), c('二组低保', 1)],
      NOW,
      RULES.similar,
    );
    expect(found).toHaveLength(3);
    expect(found.map((f) => f.candidate.createdAt)).not.toContain(NOW - 31 * DAY);
    expect(found[0]!.score).toBeGreaterThanOrEqual(found[1]!.score);
    expect(found.every((f) => f.score >= RULES.similar.threshold)).toBe(true);
  });

  it('never offers a case of another category', () => {
    expect(similarCases({ description: '村口路灯坏了', category: 'utilities' }, [c('村口路灯坏了', 1, 'road')], NOW, RULES.similar)).toEqual([]);
  });
});

describe('the indexed lookup (similarKeys)', () => {
  // every labelled text a case of the village, sent 0 to 35 days ago (some outside the window), of its own category
  const texts = SIMILAR_PAIRS.flatMap((p) => [
    { description: p.a, category: p.categoryA },
    { description: p.b, category: p.categoryB ?? p.categoryA },
  ]);
  const cases = texts.map((t, i) => {
    const createdAt = NOW - (i % 36) * DAY;
    return { ...t, createdAt, keys: new Set(similarKeys('c1', 'v1', t.category, t.description)) };
  });
  const all = { ...RULES.similar, max: Infinity };
  const categories = RULES.categories.map((c) => c.id);

  it('finds for every labelled draft exactly what weighing the whole village finds', () => {
    let found = 0;
    let read = 0;
    for (const draft of [...texts, ...SIMILAR_PAIRS.map((p) => ({ description: p.b, category: p.categoryB }))]) {
      const asked = lookupKeys('c1', 'v1', draft.category ? [draft.category] : categories, termsOf(draft.description));
      const narrowed = cases.filter((c) => asked.some((k) => c.keys.has(k)));
      const full = similarCases(draft, cases, NOW, all);
      expect(similarCases(draft, narrowed, NOW, all)).toEqual(full);
      found += full.length;
      read += narrowed.length;
    }
    const drafts = texts.length + SIMILAR_PAIRS.length;
    console.log(
      `similar lookup: ${drafts} drafts over ${cases.length} cases: ${(read / drafts).toFixed(1)} read a lookup, ${(found / drafts).toFixed(1)} found`,
    );
    // it narrows: a lookup reads a small part of the village
    expect(read / drafts).toBeLessThan(cases.length / 4);
  });

  it('gives a case keys while it is open, the same whether worked out anew or kept from before, and new ones when its category changes', () => {
    const open = { status: 'handling' as const, countyId: 'c1', villageId: 'v1', createdAt: NOW, category: 'road', description: '村口路灯坏了' };
    const fresh = caseSimilarKeys(open);
    expect(fresh).toEqual(similarKeys('c1', 'v1', 'road', '村口路灯坏了'));
    // a reminder or a reply changes nothing they are made of: the keys it had
    expect(caseSimilarKeys({ ...open, status: 'replied' }, { ...open, similarKeys: fresh })).toBe(fresh);
    expect(caseSimilarKeys({ ...open, category: 'utilities' }, { ...open, similarKeys: fresh })).toEqual(similarKeys('c1', 'v1', 'utilities', '村口路灯坏了'));
    // finished, merged or held for review: none
    for (const status of ['closed', 'merged', 'held', 'withdrawn'] as const)
      expect(caseSimilarKeys({ ...open, status }, { ...open, similarKeys: fresh })).toEqual([]);
    // reopened: worked out again
    expect(caseSimilarKeys(open, { ...open, status: 'closed', similarKeys: [] })).toEqual(fresh);
    // keys of an older form (a period in them): worked out again, not kept
    expect(caseSimilarKeys(open, { ...open, similarKeys: ['c1|v1|2058|road|broken|light'] })).toEqual(fresh);
  });

  it('keeps another village, county or category apart', () => {
    const keys = similarKeys('c1', 'v1', 'road', '村口路灯坏了');
    expect(lookupKeys('c1', 'v1', ['road'], termsOf('村口的路灯坏了好几天')).some((k) => keys.includes(k))).toBe(true);
    expect(lookupKeys('c1', 'v2', ['road'], termsOf('村口的路灯坏了好几天')).some((k) => keys.includes(k))).toBe(false);
    expect(lookupKeys('c2', 'v1', ['road'], termsOf('村口的路灯坏了好几天')).some((k) => keys.includes(k))).toBe(false);
    expect(lookupKeys('c1', 'v1', ['utilities'], termsOf('村口的路灯坏了好几天')).some((k) => keys.includes(k))).toBe(false);
  });
});
