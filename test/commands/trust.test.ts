/** Issue 20: answers a careful reader trusts, in both languages and both presets. */
import { describe, expect, test } from 'vitest';
import { registry } from '../../src/commands/registry.js';
import { ok, CHAT_ONLY } from '../helpers.js';

const langs = ['en', 'zh'] as const;
/** A claim row: its number and its verdict mark. */
const ROW = /^\d+ [✗↑≈?✓] /u;
const presets = ['observed', 'article'] as const;
const both = langs.flatMap((lang) => presets.map((preset) => ({ lang, preset })));

describe('/factcheck: the same claims in every language, every mark explained, "see" leads somewhere', () => {
  test.each(presets)('GIVEN /factcheck (%s) THEN English and Chinese show the same number of claims, and the headline counts them', async (preset) => {
    const [en, zh] = await Promise.all([ok('/factcheck', { lang: 'en', preset }), ok('/factcheck', { lang: 'zh', preset })]);
    expect(en.figures.shown).toEqual(zh.figures.shown);
    const n = (en.figures.shown as string[]).length;
    const total = (en.figures.claims as unknown[]).length;
    expect(en.text.split('\n')[0]).toBe(`${n} of ${total} claims checked against the data:`);
    expect(zh.text.split('\n')[0]).toContain(`${total} 条说法中 ${n} 条`);
    const rows = (text: string) => text.split('\n').filter((l) => ROW.test(l)).length;
    expect(rows(en.text)).toBe(n);
    expect(rows(zh.text)).toBe(n);
  });

  test.each(langs)('GIVEN /factcheck in %s THEN it points to /factcheck all, which lists every claim, and never to /about', async (lang) => {
    const a = await ok('/factcheck', { lang });
    expect(a.text).toContain('/factcheck all');
    expect(a.text).not.toContain('/about');
    const all = await ok('/factcheck all', { lang });
    const total = (all.figures.claims as unknown[]).length;
    expect(all.figures.shown).toHaveLength(total);
    expect(all.text.split('\n').filter((l) => ROW.test(l))).toHaveLength(total);
    expect([...all.text].length).toBeLessThanOrEqual(1024); // a Telegram photo caption
    expect(all.chart!.panels).toHaveLength(total);
  });

  test.each(langs)('GIVEN /factcheck in %s THEN every verdict mark used is explained in the answer', async (lang) => {
    for (const line of ['/factcheck', '/factcheck all']) {
      const a = await ok(line, { lang });
      const rows = a.text.split('\n').filter((l) => ROW.test(l));
      const key = a.text.split('\n').find((l) => !ROW.test(l) && /[✗↑≈?✓] \S/u.test(l))!;
      expect(key).toBeDefined();
      for (const r of rows) expect(key).toContain(r.split(' ')[1]!);
    }
    expect((await ok('/factcheck all', { lang: 'en' })).text).toContain('↑ overstated');
  });

  test('GIVEN /factcheck 4 THEN the commentary is quoted as written ("超 8 万亿", over ¥8T) with both sources', async () => {
    const en = await ok('/factcheck 4');
    expect(en.text).toContain('over ¥8T');
    expect(en.text).toMatch(/Data: ¥654B in year 1, 31 Mar 2025 \(derived; /);
    const zh = await ok('/factcheck interestCost', { lang: 'zh' });
    expect(zh.text).toContain('超 8 万亿日元');
  });

  test('GIVEN an unknown claim THEN a one-line error naming the choices', async () => {
    const { fail } = await import('../helpers.js');
    const e = await fail('/factcheck 42');
    expect(e.code).toBe('choice');
    expect(e.message).toContain('all');
  });
});

describe('/factcheck chart: unmeasured means no bar, signs drawn as signs', () => {
  test('GIVEN the carry stock THEN the commentary bar only, the datum labelled "not measured"', async () => {
    const a = await ok('/factcheck all');
    const carry = a.chart!.panels!.find((p) => p.series[0]!.id === 'carryStock')!;
    expect(carry.series[0]!.points).toHaveLength(1);
    expect(carry.series[0]!.pointLabels![1]).toBe('not measured');
    expect(a.text).not.toContain('$1T');
  });

  test("GIVEN Japan's November UST flows THEN the commentary's net sale is negative and the data's rise positive", async () => {
    const a = await ok('/factcheck all');
    const ust = a.chart!.panels!.find((p) => p.series[0]!.id === 'ustSales')!;
    expect(ust.series[0]!.points.map(([, v]) => v)).toEqual([-12.7, 2.7]);
    expect(ust.series[0]!.pointLabels).toEqual(['-$12.7B', '+$2.7B']);
  });
});

describe('no "$0 over 0 months", in any answer', () => {
  const zero = /(^|[^\d.,])\$0(?![\d.])|(^|[^\d.])0 美元|\b0 months\b|(^|[^\d.])0 个月/u;

  test.each(both)('GIVEN /liquidity with no arguments ($lang, $preset) THEN the latest spread and months to today, and no $0 statement', async ({ lang, preset }) => {
    const a = await ok('/liquidity', { lang, preset });
    expect(a.text).not.toMatch(zero);
    expect(a.figures.spreadPp).toBe(a.figures.currentSpreadPp);
    expect(a.figures.months).toBe(11);
    expect(a.chart!.series[0]!.pointLabels!.join(' ')).not.toMatch(zero);
  });

  test.each(both)('GIVEN /liquidity 25 0 ($lang, $preset) THEN QT is described per month from now, not as $0 over 0 months', async ({ lang, preset }) => {
    const a = await ok('/liquidity 25 0', { lang, preset });
    expect(a.text).not.toMatch(zero);
    expect(a.text).toMatch(lang === 'en' ? /a month from now on/ : /从现在起每月/);
  });

  const names = [...registry.keys()].filter((n) => ![...CHAT_ONLY, 'settings'].includes(n));
  test.each(names.flatMap((n) => both.map((o) => [n, o.lang, o.preset] as const)))('GIVEN /%s (%s, %s) THEN no answer states a $0 or 0-month result', async (name, lang, preset) => {
    const a = await ok(`/${name}`, { lang, preset });
    expect(a.text).not.toMatch(zero);
  });
});

describe('/debt: measured from the current BOJ rate, the commentary quoted as written', () => {
  test.each(both)('GIVEN /debt 1.5 10 ($lang, $preset) THEN the rise is 0.75pp above the current 0.75%, not above 0%', async ({ lang, preset }) => {
    const a = await ok('/debt 1.5 10', { lang, preset });
    expect(a.figures).toMatchObject({ baselinePct: 0.75, risePp: 0.75 });
    const first = a.text.split('\n')[0]!;
    expect(first).not.toMatch(/above 0%|比 0% 高/);
    expect(first).toContain(lang === 'en' ? '0.75pp above the current 0.75%' : '比当前的 0.75% 高 0.75 个百分点');
  });

  test('GIVEN /debt 1.5 10 THEN "over ¥8T" as the commentary says it, and ¥8.2T only as a derived figure', async () => {
    const en = await ok('/debt 1.5 10');
    expect(en.text).toContain('over ¥8T');
    expect(en.text).not.toContain("commentary's ¥8.2T");
    expect(en.text).toContain('¥8.2T (derived)');
    const zh = await ok('/debt 1.5 10', { lang: 'zh' });
    expect(zh.text).toContain('超 8 万亿日元');
    expect(zh.text).toContain('8.2 万亿日元（推算）');
  });

  test('GIVEN /debt with no argument THEN one hike above the current rate, a real cost', async () => {
    const a = await ok('/debt');
    expect(a.figures).toMatchObject({ ratePct: 1, baselinePct: 0.75, risePp: 0.25 });
    expect(Number(a.figures.finalCostJpy)).toBeGreaterThan(0);
  });

  test('GIVEN /debt 1.5 2 THEN no "year 3" figure for a two-year horizon', async () => {
    expect((await ok('/debt 1.5 2')).text).not.toContain('year 3');
  });
});

describe('"today" only for today\'s data; otherwise "latest (date)"', () => {
  test('GIVEN /carry on 23 Nov 2026 with yields of 30 Dec 2025 THEN "latest 2.07pp, 30 Dec 2025", never "today"', async () => {
    const en = await ok('/carry');
    expect(en.text).toContain('latest 2.07pp, 30 Dec 2025');
    expect(en.text).not.toMatch(/\btoday\b/);
    const zh = await ok('/carry', { lang: 'zh' });
    expect(zh.text).toContain('最新 2.07 个百分点，2025年12月30日');
    expect(zh.text).not.toContain('今日');
  });

  test('GIVEN /carry on the data date itself, in the chat timezone THEN "today"', async () => {
    const a = await ok('/carry', { now: new Date('2025-12-30T12:00:00Z'), timezone: 'UTC' });
    expect(a.text).toContain('today 2.07pp');
    // 30 Dec 20:00 UTC is already 31 Dec in Tokyo: not "today" there.
    const tokyo = await ok('/carry', { now: new Date('2025-12-30T20:00:00Z'), timezone: 'Asia/Tokyo' });
    expect(tokyo.text).toContain('latest 2.07pp');
  });
});

describe('every footer carries the data date and "stale" by the same rule', () => {
  const charted = [...registry.values()].filter((d) => d.charted).map((d) => d.name);
  test.each(charted.flatMap((n) => langs.map((l) => [n, l] as const)))('GIVEN /%s in %s THEN the chart footnote has the same date and stale mark as the answer', async (name, lang) => {
    const a = await ok(`/${name}`, { lang });
    expect(a.figures.dataStale).toBe(true);
    expect(a.chart!.footnote).toContain(lang === 'en' ? '(stale)' : '（已过时）');
  });

  test.each(langs)('GIVEN /about in %s THEN its footer is marked stale like the answers it describes', async (lang) => {
    const a = await ok('/about', { lang });
    expect(a.figures.dataStale).toBe(true);
    expect(a.text.split('\n').at(-1)).toContain(lang === 'en' ? '(stale)' : '（已过时）');
  });

  test('GIVEN the article preset THEN its fixed snapshot is not stale in the answer or the chart', async () => {
    const a = await ok('/carry 1.5', { preset: 'article' });
    expect(a.figures.dataStale).toBe(false);
    expect(a.chart!.footnote).not.toContain('stale');
  });
});

describe('wording that only holds sometimes is said only then', () => {
  test('GIVEN /carry 1 (article) THEN Japan drains more than the cut adds, not "about what"', async () => {
    const at = async (s: string) => (await ok(`/carry ${s}`, { preset: 'article' })).text.split('\n')[1]!;
    expect(await at('1.5')).toContain('about what the Fed adds');
    expect(await at('1')).toContain('more than the Fed adds');
    expect(await at('1.7')).toContain('less than the Fed adds');
  });

  test('GIVEN /spread and /neutral with no arguments THEN the chart marks the latest value with its date, not a "scenario"', async () => {
    const spread = await ok('/spread');
    expect(spread.chart!.marks).toContainEqual(expect.objectContaining({ type: 'point', label: 'Latest 2.07pp, 30 Dec 2025' }));
    const neutral = await ok('/neutral', { lang: 'zh' });
    expect(neutral.chart!.marks).toContainEqual(expect.objectContaining({ type: 'point', label: '最新 0.75%，2025年12月19日' }));
    expect((await ok('/neutral 1.1')).chart!.marks).toContainEqual(expect.objectContaining({ type: 'point', label: 'Scenario 1.1%' }));
  });

  test('GIVEN /brief in English and Chinese THEN each names its timezone, so different dates and countdowns are explained', async () => {
    const [en, zh] = await Promise.all([ok('/brief', { lang: 'en' }), ok('/brief', { lang: 'zh' })]);
    expect(en.text.split('\n')[0]).toBe('Briefing for 23 Nov 2026 (UTC)');
    expect(zh.text.split('\n')[0]).toBe('2026年11月23日早报（Asia/Shanghai）');
  });
});
