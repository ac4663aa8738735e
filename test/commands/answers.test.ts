import { describe, expect, test } from 'vitest';
import { MemorySettings, makeContext } from '../../src/commands/context.js';
import { registry } from '../../src/commands/registry.js';
import { execute } from '../../src/commands/run.js';
import { CJK, NOW, answer, dataset, fail, ok, CHAT_ONLY } from '../helpers.js';

const article = { preset: 'article' as const };

describe('article preset: the commentary anchor numbers, exactly', () => {
  test('GIVEN /carry 1.5 THEN $1.2T unwinds and $0.6T flows home, in the first line', async () => {
    const a = await ok('/carry 1.5', article);
    // The curve passes through the anchor exactly.
    expect(a.figures).toMatchObject({ unwoundUsd: 1.2e12, repatriatedUsd: 6e11 });
    expect(a.text.split('\n')[0]).toContain('$1.2T');
    expect(a.text.split('\n')[0]).toContain('$600B');
  });

  test('GIVEN /carry 1.5 in Chinese THEN 1.2 万亿美元 and 6000 亿美元', async () => {
    const a = await ok('/carry 1.5', { ...article, lang: 'zh' });
    expect(a.text).toContain('1.2 万亿美元');
    expect(a.text).toContain('6000 亿美元');
  });

  test('GIVEN /neutral 0.75 THEN accommodative, 1 hike to the floor, real rate -2.25%', async () => {
    const a = await ok('/neutral 0.75', article);
    expect(a.figures).toMatchObject({ ratePct: 0.75, stance: 'accommodative', hikesToFloor: 1, realRatePct: -2.25 });
    expect(a.text).toContain('accommodative');
    expect(a.text).toContain('-2.25%');
  });

  test('GIVEN /liquidity at 1.5pp with a 25bp cut THEN the reservoir ratio is ≈109%', async () => {
    const a = await ok('/liquidity 25 0 1.5', article);
    expect(Number(a.figures.reservoirRatio)).toBeCloseTo(600 / 550, 3);
    expect(a.text).toContain('109%');
    // Left out, the months run to today (QT ended 1 Dec 2025; 23 Nov 2026 is 11 months on) and the spread is the latest.
    const byDefault = await ok('/liquidity', article);
    expect(byDefault.figures).toMatchObject({ months: 11, spreadPp: 1.81, drainAvoidedUsd: 11 * 95e9 });
  });

  test('GIVEN /debt THEN the flat ¥8T a year the commentary claims, labelled as its claim', async () => {
    const a = await ok('/debt 1.5 3', article);
    expect(a.figures.byYear).toEqual([1, 2, 3].map((year) => expect.objectContaining({ year, extraCostJpy: 8e12 })));
    expect(a.text).toContain('commentary');
  });
});

describe('observed preset: the checked data', () => {
  test("GIVEN /carry with no argument THEN today's spread ≈2.2pp from the dataset and nothing unwinds", async () => {
    const a = await ok('/carry');
    expect(Number(a.figures.currentSpreadPp)).toBeCloseTo(2.07, 6);
    expect(a.figures.unwoundUsd).toBe(0);
    expect(a.text).toContain('2.07pp');
  });

  test('GIVEN /spread THEN US 4.09% − JGB 1.845% = 2.245pp, placed in its history since 2015', async () => {
    const a = await ok('/spread');
    expect(a.figures).toMatchObject({ us10yPct: 4.14, jp10yPct: 2.07, spreadPp: 2.07 });
    expect(a.text.split('\n')[0]).toContain('2.07pp');
    expect(a.figures.percentileSince2015).toBe(0.4681);
  });

  test("GIVEN /spread 3.72 1.91 (the commentary's numbers) THEN 1.81pp is the narrowest only since 2022, not since 2015", async () => {
    const a = await ok('/spread 3.72 1.91');
    expect(a.figures.spreadPp).toBe(1.81);
    expect(String(a.figures.lowestSince).slice(0, 4)).toBe('2022');
    expect(a.text).toMatch(/narrowest since .*2022/);
  });

  test('GIVEN /liquidity THEN it says a cut adds no reserves by itself', async () => {
    const a = await ok('/liquidity 25 12');
    expect(a.figures.cutLiquidityUsd).toBe(0);
    expect(a.figures.drainAvoidedUsd).toBe(264e9);
    expect(a.text).toContain('adds no reserves by itself');
    const zh = await ok('/liquidity', { lang: 'zh' });
    expect(zh.text).toContain('本身不增加准备金');
  });

  test('GIVEN /factcheck THEN the US 10y, spread, QT drain, $550B and ¥8T claims are set against the data with sources', async () => {
    const a = await ok('/factcheck');
    const claims = a.figures.claims as Array<{ id: string; claim: { value: number; source: string }; data: { value: number; source: string } }>;
    const byId = Object.fromEntries(claims.map((c) => [c.id, c]));
    expect(byId.us10y).toMatchObject({ claim: { value: 3.72 }, data: { value: 4.14 } });
    expect(byId.spread!.data.value).toBeCloseTo(2.07, 6);
    expect(byId.qtDrain).toMatchObject({ claim: { value: 95e9 }, data: { value: 22e9 } });
    expect(byId.cutLiquidity).toMatchObject({ claim: { value: 550e9 }, data: { value: 0 } });
    expect(byId.interestCost!.claim.value).toBe(8e12);
    expect(byId.interestCost!.data.value).toBe(653_518_837_058.8771);
    for (const c of claims) {
      expect(c.claim.source.length).toBeGreaterThan(3);
      expect(c.data.source.length).toBeGreaterThan(3);
    }
    expect(a.text).toContain('said 3.72%, data 4.14%');
  });

  test('GIVEN /debt THEN gradual pass-through: year 1 is far below the ¥8T claim', async () => {
    const a = await ok('/debt 1.5 10');
    expect(Number(a.figures.year1CostJpy) / 1e12).toBeCloseTo(0.654, 2);
    expect(Number(a.figures.finalCostJpy) / 1e12).toBeCloseTo(6.5, 1);
  });

  test('GIVEN /path THEN steps on BOJ meeting days to the band middle, from today, unconfirmed dates counted', async () => {
    const a = await ok('/path 25 6 1.75');
    const steps = a.figures.steps as Array<{ date: string; ratePct: number; confirmed: boolean }>;
    expect(steps.map((s) => s.ratePct)).toEqual([1, 1.25, 1.5, 1.75]);
    // Today is 23 Nov 2026: the first move can only be the next meeting, 18 Dec 2026.
    expect(a.figures.floorDate).toBe('2026-12-18');
    expect(a.text).toContain('18 Dec 2026');
    expect(steps.filter((s) => !s.confirmed).length).toBeGreaterThan(0);
  });

  test('GIVEN /scenario -25 25 THEN the spread narrows by 0.25pp and the chain runs through to flows', async () => {
    const a = await ok('/scenario -25 25');
    expect(a.figures.spreadChangePp).toBe(-0.25);
    expect(Number(a.figures.spreadPp)).toBeCloseTo(1.82, 6);
    expect(a.figures).toMatchObject({ unwoundUsd: 291_124_635_559, repatriatedUsd: 145_562_317_779 });
  });

  test('GIVEN /events on 23 Nov 2026 in New York THEN the December FOMC at 14:00 local, the published BOJ December date confirmed', async () => {
    const settings = new MemorySettings();
    await settings.set('test', { timezone: 'America/New_York' });
    const a = await ok('/events', { settings });
    const lines = a.text.split('\n');
    expect(lines[1]).toMatch(/^FOMC 8 Dec–9 Dec: decision 9 Dec 14:00, in 16 days$/);
    expect(lines.find((l) => l.startsWith('BOJ 17 Dec'))).not.toContain('unconfirmed');
    expect(lines.find((l) => l.startsWith('BOJ') && l.includes('2027'))).toContain('projected');
  });

  test('GIVEN /events from New York, Tokyo and New York again, then a refreshed calendar with a later decision time THEN each answer has its own local time', async () => {
    const fomcLine = async (timezone: string, ds = dataset()) => {
      const settings = new MemorySettings();
      await settings.set('test', { timezone });
      const out = await execute('/events', await makeContext({ dataset: ds, settings, chatId: 'test', platform: 'console', override: {}, now: NOW }));
      if (!out.ok) throw new Error(out.error.message);
      return out.answer.text.split('\n').find((l) => l.startsWith('FOMC'));
    };
    expect(await fomcLine('America/New_York')).toMatch(/decision 9 Dec 14:00, in 16 days$/);
    expect(await fomcLine('Asia/Tokyo')).toMatch(/decision 10 Dec 04:00, in 17 days$/);
    expect(await fomcLine('America/New_York')).toMatch(/decision 9 Dec 14:00, in 16 days$/);
    const ds = dataset();
    const calendar = { ...ds.calendar, fomc: { ...ds.calendar.fomc, decisionTime: '15:30' } };
    const refreshed = { ...ds, calendar, asOf: (day: string) => ({ ...ds.asOf(day), calendar }) };
    expect(await fomcLine('America/New_York', refreshed)).toMatch(/decision 9 Dec 15:30, in 16 days$/);
  });

  test('GIVEN /brief THEN key figures with dates and the next meetings with a countdown', async () => {
    const a = await ok('/brief');
    expect(a.text).toContain('Spread 2.07pp (30 Dec 2025)');
    expect(a.text).toContain('US 10y 4.14% (30 Dec 2025): +2bp since 29 Dec 2025, -4bp since 23 Dec 2025');
    expect(a.text).toContain('Next FOMC 9 Dec 2026 (in 16 days)');
    expect(a.figures.nextBojConfirmed).toBe(true);
    expect(a.chart?.panels).toHaveLength(4);
  });
});

describe('every command, both languages', () => {
  const lines: Record<string, string> = { help: '/help carry' };
  const names = [...registry.keys()].filter((n) => !CHAT_ONLY.includes(n));

  test.each(names)('GIVEN /%s THEN Chinese text for zh and no Chinese characters for en', async (name) => {
    const line = lines[name] ?? `/${name}`;
    const [en, zh] = await Promise.all([ok(line, { lang: 'en', timezone: 'UTC' }), ok(line, { lang: 'zh', timezone: 'UTC' })]);
    expect(en.text).not.toMatch(CJK);
    expect(zh.text).toMatch(CJK);
    if (name !== 'settings') expect(zh.figures).toEqual(en.figures);
  });

  test.each(names.filter((n) => registry.get(n)!.charted))('GIVEN /%s THEN a chart spec and a caption of at most 600 characters that ends with preset and data date', async (name) => {
    for (const lang of ['en', 'zh'] as const) {
      for (const preset of ['observed', 'article'] as const) {
        const a = await ok(`/${name}`, { lang, preset });
        expect([...a.text].length).toBeLessThanOrEqual(600);
        expect(a.chart).not.toBeNull();
        const last = a.text.split('\n').at(-1)!;
        // On 23 Nov 2026 the shipped observed yields are eleven months old: the footer says so. The article preset is a fixed snapshot.
        // /factcheck sets the commentary against the observed figures, so it is stale in either preset.
        const stale = preset === 'observed' || name === 'factcheck';
        expect(last).toMatch(
          lang === 'en'
            ? new RegExp(`^${preset} preset · data as of \\d{1,2} \\w{3} \\d{4}${stale ? ' \\(stale\\)' : ''} · not investment advice$`)
            : new RegExp(`^(实测|原文)预设 · 数据截至 \\d{4}年\\d{1,2}月\\d{1,2}日${stale ? '（已过时）' : ' '}· 不构成投资建议$`),
        );
        expect(a.figures).toMatchObject({ preset, dataStale: stale });
      }
    }
  });

  test('GIVEN /about THEN sources and "not investment advice"', async () => {
    const a = await ok('/about');
    expect(a.text).toContain('FRED');
    expect(a.text).toContain('not investment advice');
    expect((await ok('/about', { lang: 'zh' })).text).toContain('不构成投资建议');
  });

  test('GIVEN /help THEN every command is listed with its usage', async () => {
    const a = await ok('/help');
    for (const name of registry.keys()) expect(a.text).toContain(`/${name}`);
    expect((await ok('/help liquidity')).text).toContain('0bp to 300bp');
  });
});

describe('bad input: one localized line naming the range and an example', () => {
  test.each([
    ['/carry 9', 'en', 'Spread 9pp is out of range: give 0pp to 6pp, e.g. /carry 1.5'],
    ['/carry abc', 'en', 'Spread “abc” is not a number: give 0pp to 6pp, e.g. /carry 1.5'],
    ['/carry 9', 'zh', '利差 9 个百分点超出范围：请输入 0 个百分点至 6 个百分点，例如 /carry 1.5'],
    ['/liquidity 12.5', 'en', 'Fed cut takes a whole number from 0bp to 300bp, e.g. /liquidity 25'],
    ['/carry 1 2', 'en', 'Too many arguments: /carry takes spread, e.g. /carry 1.5'],
    ['/carry rate:1', 'en', '“rate” is not an option of /carry: it takes spread, e.g. /carry 1.5'],
    ['/nope', 'en', 'Unknown command “/nope”: try /help, e.g. /carry 1.5'],
    ['/settings lang fr', 'en', 'language “fr” is not one of en | zh, e.g. /settings lang en'],
    ['/settings tz Mars/Olympus', 'zh', '未知时区“Mars/Olympus”：请用 IANA 名称，如 Asia/Shanghai、America/New_York，例如 /settings tz Asia/Shanghai'],
    ['/subscribe', 'en', '/subscribe works in a Discord server or Telegram chat, where briefings are delivered; try /brief here'],
  ] as const)('GIVEN %s (%s) THEN "%s"', async (line, lang, message) => {
    const e = await fail(line, { lang });
    expect(e.message).toBe(message);
    expect(e.code).not.toBe('internal');
  });

  test('GIVEN named arguments in any order THEN they are used', async () => {
    const a = await ok('/liquidity months:12 cut_bp=50', { preset: 'article' });
    expect(a.figures).toMatchObject({ cutBp: 50, months: 12 });
  });
});

describe('/settings in a chat', () => {
  test('GIVEN lang zh THEN the confirmation and the next answers are in Chinese; the preset sticks too', async () => {
    const settings = new MemorySettings();
    const saved = await ok('/settings lang zh', { settings });
    expect(saved.text).toMatch(/^已保存：语言改为中文。/);
    await ok('/settings preset article', { settings });
    const next = await ok('/carry 1.5', { settings });
    expect(next.text).toContain('1.2 万亿美元');
    expect(next.figures.preset).toBe('article');
    const out = await answer('/carry 99', { settings });
    expect(out.ok).toBe(false);
    expect(await settings.get('test')).toEqual({ lang: 'zh', preset: 'article' });
  });

  test.each([
    ['zh', 'en', 'Asia/Shanghai'],
    ['en', 'zh', 'UTC'],
  ] as const)('GIVEN /settings lang %s in a chat that was %s THEN the reply shows the zone now in force (%s), as the next /settings does', async (lang, before, zone) => {
    const settings = new MemorySettings();
    await settings.set('test', { lang: before });
    const saved = await ok(`/settings lang ${lang}`, { settings });
    expect(saved.figures).toMatchObject({ lang, timezone: zone });
    expect(saved.text).toContain(zone);
    const next = await ok('/settings', { settings });
    expect(next.figures).toMatchObject({ lang, timezone: zone });
  });

  test('GIVEN a zone the chat set THEN a new language keeps it', async () => {
    const settings = new MemorySettings();
    await ok('/settings tz Asia/Tokyo', { settings });
    const saved = await ok('/settings lang zh', { settings });
    expect(saved.figures).toMatchObject({ lang: 'zh', timezone: 'Asia/Tokyo' });
  });
});

