/** Refresh against fake sources on 127.0.0.1 serving the real formats: what a user sees move, and what must not. */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { makeContext, MemorySettings } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import { loadDataset, type Dataset } from '../../src/data/dataset.js';
import { Refresher, type RefreshConfig } from '../../src/data/refresh.js';
import { duePublishers, scheduleRefresh } from '../../src/data/schedule.js';
import type { PublisherId } from '../../src/data/schema.js';
import { silentLogger } from '../../src/log.js';
import { deadBase, FakeSources, fixture, refreshConfigFor } from '../fakes/sources.js';

/** The fixtures describe the world as of this morning. */
const NOW = new Date('2026-12-01T09:00:00Z');

const fake = new FakeSources();
let base: string;
beforeAll(async () => {
  base = await fake.start();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.useFixtures();
  fake.fred.clear();
});

const config = refreshConfigFor;

function setup(o: Partial<RefreshConfig> = {}, root = base) {
  const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-refresh-'));
  const dataset = loadDataset(undefined, { overlayDir: dataDir });
  return { dataDir, dataset, refresher: new Refresher(dataset, config(root, o), silentLogger()) };
}

async function answer(dataset: Dataset, line: string) {
  const ctx = await makeContext({ dataset, settings: new MemorySettings(), chatId: 't', platform: 'console', now: NOW });
  const out = await execute(line, ctx);
  if (!out.ok) throw new Error(out.error.message);
  return out.answer;
}

const stored = (dataDir: string) => (existsSync(join(dataDir, 'series')) ? readdirSync(join(dataDir, 'series')).sort() : []);

describe('key-free refresh: FRED graph CSV, MOF, BOJ, BIS (no FRED_API_KEY)', () => {
  test('GIVEN every source answers THEN /spread, /neutral and /brief move to the new figures, each with its own date and source, fresh', async () => {
    const { dataset, refresher } = setup();
    expect((await answer(dataset, '/spread')).figures).toMatchObject({ us10yPct: 4.14, jp10yPct: 2.07, dataStale: true });

    const report = await refresher.refresh({ now: NOW });
    expect(report.publishers.map((p) => [p.publisher, p.ok])).toEqual(
      expect.arrayContaining([['fred', true], ['mof', true], ['boj', true], ['bis', true]]),
    );
    expect(report.series.every((r) => r.ok)).toBe(true);

    const spread = await answer(dataset, '/spread');
    expect(spread.figures).toMatchObject({ us10yPct: 4.21, jp10yPct: 1.985, spreadPp: 2.225, dataAsOf: '2026-11-30', dataStale: false });
    expect(spread.footer).toBe('observed preset · data as of 30 Nov 2026 · not investment advice');
    expect(spread.chart!.footnote).toBe('FRED DGS10 · MOF JGB · Reuters/Jiji · observed · 30 Nov 2026');

    const f = dataset.presets.observed.figures;
    expect(f.us10y).toMatchObject({ value: 4.21, asOf: '2026-11-30', source: 'FRED DGS10', grade: 'V' });
    expect(f.jp10y).toMatchObject({ value: 1.985, asOf: '2026-11-30', source: 'Japan MOF JGB yields, 10Y', grade: 'V' });
    expect(f.bojRate).toMatchObject({ value: 1, asOf: '2026-11-27', source: 'BIS WS_CBPOL D.JP' });
    expect(f.fedFundsLow).toMatchObject({ value: 3.25, asOf: '2026-11-30' });
    expect(f.fedFundsHigh).toMatchObject({ value: 3.5, asOf: '2026-11-30' });
    expect(f.coreInflation).toMatchObject({ value: 2.92, asOf: '2026-10-01', source: 'FRED JPNCPIALLMINMEI' });
    expect(dataset.presets.article.figures.us10y.value).toBe(3.72);

    const neutral = await answer(dataset, '/neutral');
    expect(neutral.figures).toMatchObject({ ratePct: 1, currentRatePct: 1, stance: 'neutral' });
    const brief = await answer(dataset, '/brief');
    expect(brief.figures).toMatchObject({ us10yPct: 4.21, jp10yPct: 1.985, bojRatePct: 1, fedFundsLowPct: 3.25 });
    expect(brief.text).toContain('30 Nov 2026');
    // No request asked for a key, and the graph endpoint was used for FRED.
    expect(fake.requests.some((r) => r.startsWith('/graph/fredgraph.csv?id=DGS10'))).toBe(true);
    expect(fake.requests.some((r) => r.includes('api_key'))).toBe(false);
  });

  test('GIVEN a second refresh with nothing new THEN conditional requests get 304 and nothing is rewritten', async () => {
    const { dataset, refresher, dataDir } = setup();
    await refresher.refresh({ now: NOW });
    const before = readFileSync(join(dataDir, 'series', 'DGS10.csv'), 'utf8');
    const marker = fake.headers.length;
    const again = await refresher.refresh({ now: NOW });
    expect(again.changed).toBe(false);
    expect(again.series.every((r) => r.ok && r.added === 0)).toBe(true);
    const second = fake.headers.slice(marker);
    expect(second.filter((h) => h.headers['if-none-match']).length).toBeGreaterThan(5);
    expect(second.some((h) => h.url.startsWith('/mof/jgbcme.csv') && h.status === 304)).toBe(true);
    expect(readFileSync(join(dataDir, 'series', 'DGS10.csv'), 'utf8')).toBe(before);
    expect(dataset.presets.observed.figures.us10y.value).toBe(4.21);
  });

  test('GIVEN FRED fails THEN the US 10y and 2y come from the Treasury file, named as the fallback', async () => {
    fake.mode.set('graph:DGS10', '500');
    fake.mode.set('graph:DGS2', '500');
    const { dataset, refresher } = setup();
    const report = await refresher.refresh({ now: NOW });
    const dgs10 = report.series.find((r) => r.id === 'DGS10')!;
    expect(dgs10).toMatchObject({ ok: true, last: '2026-12-01', source: 'US Treasury par yield curve, 10 Yr', fallback: true });
    expect(dgs10.error).toMatch(/HTTP 500/);
    expect(dataset.presets.observed.figures.us10y).toMatchObject({ value: 4.24, asOf: '2026-12-01', source: 'US Treasury par yield curve, 10 Yr' });
    expect(dataset.latest('DGS2')).toMatchObject({ value: 3.55, via: 'treasury', fallback: true });
    expect(report.publishers.find((p) => p.publisher === 'fred')).toMatchObject({ ok: false });
    expect(report.publishers.find((p) => p.publisher === 'treasury')).toMatchObject({ ok: true });
    // One Treasury request served both series.
    expect(fake.requests.filter((r) => r.startsWith('/treasury/')).length).toBe(1);
  });

  test('GIVEN FRED lags (its newest day is two days old) THEN the Treasury file fills only the days FRED lacks', async () => {
    const { dataset, refresher } = setup();
    await refresher.refresh({ now: new Date('2026-12-02T09:00:00Z') });
    expect(dataset.latest('DGS10')).toMatchObject({ date: '2026-12-01', value: 4.24, via: 'treasury', fallback: true });
    expect(dataset.sourced('DGS10').find((p) => p.date === '2026-11-30')).toMatchObject({ value: 4.21, via: 'fred' });
  });

  test('GIVEN BIS fails THEN the BOJ rate follows the call rate\'s step after the 30 Oct meeting (a hike to 1%)', async () => {
    fake.mode.set('bis:D.JP', '500');
    const { dataset, refresher } = setup();
    const report = await refresher.refresh({ now: NOW });
    expect(report.series.find((r) => r.id === 'BOJRATE')).toMatchObject({ ok: true, fallback: true, source: 'Bank of Japan call rate, step after a policy meeting' });
    expect(dataset.presets.observed.figures.bojRate).toMatchObject({ value: 1, asOf: '2026-11-30' });
    expect(dataset.sourced('BOJRATE').find((p) => p.date === '2026-10-30')).toEqual({ date: '2026-10-30', value: 1, via: 'callStep' });
    expect((await answer(dataset, '/neutral')).figures).toMatchObject({ currentRatePct: 1 });
  });

  test('GIVEN BIS has not caught up with a hike THEN the call-rate step fills it and the disagreement is reported', async () => {
    const lagging = fixture('bis/WS_CBPOL-D.JP.csv')
      .split('\r\n')
      .filter((line) => !line.startsWith('BIS:') || line.split(',')[3]! < '2026-10-20');
    fake.bis.set('D.JP', lagging.join('\r\n'));
    const { dataset, refresher } = setup();
    const report = await refresher.refresh({ now: NOW });
    expect(dataset.presets.observed.figures.bojRate).toMatchObject({ value: 1, asOf: '2026-11-30' });
    expect(report.series.find((r) => r.id === 'BOJRATE')!.note).toMatch(/from Bank of Japan call rate/);
  });
});

describe('a failing source changes nothing', () => {
  test.each([
    ['graph:WALCL', '500', 'WALCL', /HTTP 500/],
    ['graph:WALCL', 'hang', 'WALCL', /timed out/],
    ['graph:WALCL', 'html', 'WALCL', /web page \(HTML\)/],
    ['graph:WALCL', 'truncated', 'WALCL', /bad date|cells/],
    ['graph:M2SL', 'truncated', 'M2SL', /bad date|cells/],
    ['mof:jgbcme.csv', 'truncated', 'JGB10Y', /cells, the header has 16|bad date/],
    ['mof:jgbcme.csv', 'html', 'JGB10Y', /HTML/],
    ['mof:jgbcme.csv', '500', 'JGB10Y', /HTTP 500/],
    ['boj:STRDCLUCON', 'bojStatus', 'CALLRATE', /STATUS 400 M181005E/],
    ['boj:STRDCLUCON', 'truncated', 'CALLRATE', /not JSON/],
    ['boj:STRDCLUCON', 'html', 'CALLRATE', /HTML/],
    ['boj:STRDCLUCON', '500', 'CALLRATE', /HTTP 500/],
  ] as const)('GIVEN %s answering %s THEN %s is unchanged, the error is reported, the others still refresh', async (key, mode, id, error) => {
    fake.mode.set(key, mode);
    const { dataset, refresher, dataDir } = setup();
    const before = dataset.latest(id);
    const report = await refresher.refresh({ now: NOW });
    const r = report.series.find((x) => x.id === id)!;
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(error);
    expect(dataset.latest(id)).toEqual(before);
    expect(existsSync(join(dataDir, 'series', `${id}.csv`))).toBe(false);
    expect(report.series.filter((x) => x.id !== id && x.id !== 'BOJRATE').every((x) => x.ok)).toBe(true);
    expect(dataset.presets.observed.figures.us10y.value).toBe(4.21);
  });

  test('GIVEN an observation dated in the future THEN the response is rejected whole', async () => {
    fake.graph.set('WALCL', `${fixture('fred/WALCL.csv')}2099-01-07,9999999.0\n`);
    const { dataset, refresher } = setup();
    const report = await refresher.refresh({ now: NOW });
    expect(report.series.find((r) => r.id === 'WALCL')).toMatchObject({ ok: false, error: expect.stringMatching(/dated 2099-01-07, in the future/) });
    expect(dataset.latest('WALCL')).toMatchObject({ date: '2025-12-24', via: 'shipped' });
  });

  test('GIVEN BIS truncated or a web page and no call-rate step THEN the BOJ rate is the shipped one, stale', async () => {
    for (const mode of ['truncated', 'html'] as const) {
      fake.useFixtures();
      fake.mode.set('bis:D.JP', mode);
      fake.mode.set('boj:STRDCLUCON', '500');
      const { dataset, refresher } = setup();
      const report = await refresher.refresh({ now: NOW });
      expect(report.series.find((x) => x.id === 'BOJRATE')!.ok).toBe(false);
      expect(dataset.presets.observed.figures.bojRate).toMatchObject({ value: 0.75, asOf: '2025-12-19' });
      expect((await answer(dataset, '/neutral')).figures.dataStale).toBe(true);
    }
  });

  test('GIVEN no network at all THEN every source fails, nothing is stored, answers stay on shipped data marked stale', async () => {
    const { dataset, refresher, dataDir } = setup({}, await deadBase());
    const report = await refresher.refresh({ now: NOW });
    expect(report.changed).toBe(false);
    expect(report.publishers.every((p) => !p.ok)).toBe(true);
    expect(report.series.every((r) => !r.ok)).toBe(true);
    expect(stored(dataDir)).toEqual([]);
    const offline = await answer(dataset, '/spread');
    expect(offline.figures).toMatchObject({ us10yPct: 4.14, dataAsOf: '2025-12-30', dataStale: true });
    expect(offline.chart!.footnote).toBe('FRED DGS10 · MOF JGB · Reuters/Jiji · observed · 30 Dec 2025 (stale)');
  });
});

describe('the BOJ API: pages and the request cap', () => {
  const body = JSON.parse(fixture('boj/getDataCode-FM01-STRDCLUCON.json'));
  const page = (from: string, to: string, next: number | null) => {
    const s = body.RESULTSET[0].VALUES;
    const keep = s.SURVEY_DATES.map((d: number, i: number) => [d, s.VALUES[i]] as const).filter(([d]: readonly [number, unknown]) => String(d) >= from && String(d) <= to);
    return JSON.stringify({ ...body, NEXTPOSITION: next, RESULTSET: [{ ...body.RESULTSET[0], VALUES: { SURVEY_DATES: keep.map((k: readonly [number, unknown]) => k[0]), VALUES: keep.map((k: readonly [number, unknown]) => k[1]) } }] });
  };

  test('GIVEN an answer in two pages (NEXTPOSITION) THEN both are read and the call rate reaches 30 Nov', async () => {
    fake.boj.set('STRDCLUCON', [page('20260901', '20261031', 2), page('20261101', '20261130', null)]);
    const { dataset, refresher } = setup();
    const before = fake.requests.length;
    await refresher.refresh({ now: NOW });
    expect(dataset.latest('CALLRATE')).toMatchObject({ date: '2026-11-30', via: 'boj' });
    expect(fake.requests.slice(before).filter((r) => r.startsWith('/boj/')).map((r) => new URL(r, 'http://x').searchParams.get('startPosition'))).toEqual([null, '2']);
  });

  test('GIVEN an answer that never stops paging THEN the per-source request cap ends it and nothing is stored', async () => {
    const endless = Array.from({ length: 20 }, (_, i) => page('20261101', '20261130', i + 2));
    fake.boj.set('STRDCLUCON', endless);
    const { dataset, refresher, dataDir } = setup();
    const before = fake.requests.length;
    const report = await refresher.refresh({ now: NOW });
    expect(report.series.find((r) => r.id === 'CALLRATE')).toMatchObject({ ok: false, error: expect.stringMatching(/request cap reached \(6 per refresh\)/) });
    expect(fake.requests.slice(before).filter((r) => r.startsWith('/boj/')).length).toBe(6);
    expect(existsSync(join(dataDir, 'series', 'CALLRATE.csv'))).toBe(false);
    expect(dataset.latest('CALLRATE')).toBeNull();
  });
});

describe('with FRED_API_KEY', () => {
  test('GIVEN a key THEN FRED series come from the API, the key never appears in errors', async () => {
    fake.fred.set('DGS10', [{ date: '2026-11-27', value: '4.18' }, { date: '2026-11-30', value: '4.21' }]);
    const { dataset, refresher } = setup({ fredApiKey: 'test-key' });
    const report = await refresher.refresh({ now: NOW });
    expect(dataset.latest('DGS10')).toMatchObject({ value: 4.21, via: 'fredApi', fallback: false });
    const walcl = report.series.find((r) => r.id === 'WALCL')!; // the fake API has no WALCL
    expect(walcl.ok).toBe(false);
    expect(walcl.error).toContain('api_key=[redacted]');
    expect(JSON.stringify(report)).not.toContain('test-key');
  });
});

describe('a running bot picks up another process\'s refresh', () => {
  test('GIVEN a bot\'s dataset and `data refresh` in another process THEN the next check moves the bot\'s answers, no restart', async () => {
    const { dataset: refreshing, refresher, dataDir } = setup();
    const bot = loadDataset(undefined, { overlayDir: dataDir });
    expect(bot.checkForUpdates()).toBe(false);
    await refresher.refresh({ now: NOW });
    expect(refreshing.presets.observed.figures.us10y.value).toBe(4.21);
    expect(bot.presets.observed.figures.us10y.value).toBe(4.14);
    expect(bot.checkForUpdates()).toBe(true);
    expect((await answer(bot, '/spread')).figures).toMatchObject({ us10yPct: 4.21, jp10yPct: 1.985 });
    expect(bot.checkForUpdates()).toBe(false);
  });
});

describe('the schedule', () => {
  const publishers = loadDataset().publishers;
  const at = (iso: string) => Date.parse(iso);
  const all: PublisherId[] = ['fred', 'mof', 'boj', 'bis'];

  test('GIVEN start-up THEN every source is due; right after, none', () => {
    expect([...duePublishers(all, new Map(), at('2026-12-01T09:00:00Z'), { publishers, everyMinutes: 60, briefingSoon: false })]).toEqual(all);
    const state = new Map(all.map((p) => [p, { lastRun: at('2026-12-01T09:00:00Z'), failures: 0 }] as const));
    expect(duePublishers(all, state, at('2026-12-01T09:05:00Z'), { publishers, everyMinutes: 60, briefingSoon: false }).size).toBe(0);
  });

  test('GIVEN the interval passed THEN sources are due, except those with a longer minimum interval (BOJ, BIS)', () => {
    const state = new Map(all.map((p) => [p, { lastRun: at('2026-12-01T09:00:00Z'), failures: 0 }] as const));
    expect([...duePublishers(all, state, at('2026-12-01T10:01:00Z'), { publishers, everyMinutes: 60, briefingSoon: false })]).toEqual(['fred']);
  });

  test('GIVEN a source\'s release time passed THEN it is due even before the interval; a briefing wave makes all due', () => {
    const state = new Map(all.map((p) => [p, { lastRun: at('2026-12-01T21:00:00Z'), failures: 0 }] as const));
    expect([...duePublishers(all, state, at('2026-12-01T21:45:00Z'), { publishers, everyMinutes: 600, briefingSoon: false })]).toEqual(['fred']);
    const later = new Map(all.map((p) => [p, { lastRun: at('2026-12-01T09:00:00Z'), failures: 0 }] as const));
    expect([...duePublishers(all, later, at('2026-12-01T16:00:00Z'), { publishers, everyMinutes: 6000, briefingSoon: true })]).toEqual(all);
  });

  test('GIVEN failures THEN the source backs off', () => {
    const state = new Map([['fred' as PublisherId, { lastRun: at('2026-12-01T09:00:00Z'), failures: 4 }]]);
    expect(duePublishers(['fred'], state, at('2026-12-01T09:35:00Z'), { publishers, everyMinutes: 30, briefingSoon: false }).size).toBe(0);
    expect(duePublishers(['fred'], state, at('2026-12-01T09:41:00Z'), { publishers, everyMinutes: 30, briefingSoon: false }).size).toBe(1);
  });

  test('GIVEN the scheduler at start-up THEN it refreshes at once, and a tick a minute later asks nobody', async () => {
    const { dataset, refresher } = setup();
    let now = NOW;
    const schedule = scheduleRefresh(refresher, { dataset, logger: silentLogger(), everyMinutes: 60, clock: () => now, timer: false });
    const first = await schedule.tick();
    expect(first?.publishers.length).toBeGreaterThan(3);
    expect(dataset.presets.observed.figures.us10y.value).toBe(4.21);
    now = new Date(NOW.getTime() + 60_000);
    const count = fake.requests.length;
    expect(await schedule.tick()).toBeNull();
    expect(fake.requests.length).toBe(count);
    await schedule.stop();
  });
});
