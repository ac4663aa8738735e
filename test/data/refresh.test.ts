import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { makeContext, MemorySettings } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import { loadDataset, type Dataset } from '../../src/data/dataset.js';
import { Refresher, type RefreshConfig } from '../../src/data/refresh.js';
import { silentLogger } from '../../src/log.js';
import { FakeSources, mofCsv } from '../fakes/sources.js';
import { NOW } from '../helpers.js';

const fake = new FakeSources();
let base: string;
beforeAll(async () => {
  base = await fake.start();
});
afterAll(() => fake.close());

function setup(o: Partial<RefreshConfig> = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-refresh-'));
  const dataset = loadDataset(undefined, { overlayDir: dataDir });
  const config: RefreshConfig = {
    fredApiKey: 'test-key',
    fredBaseUrl: `${base}/fred`,
    mofHistoryUrl: `${base}/mof/jgbcme_all.csv`,
    mofCurrentUrl: `${base}/mof/jgbcme.csv`,
    timeoutMs: 400,
    retries: 1,
    backoffMs: 20,
    politeMs: 0,
    ...o,
  };
  return { dataDir, dataset, refresher: new Refresher(dataset, config, silentLogger()) };
}

async function spread(dataset: Dataset) {
  const ctx = await makeContext({ dataset, settings: new MemorySettings(), chatId: 't', platform: 'console', now: NOW });
  const out = await execute('/spread', ctx);
  if (!out.ok) throw new Error(out.error.message);
  return out.answer;
}

function goodSources() {
  fake.mode.clear();
  fake.fred.set('DGS10', [{ date: '2026-11-18', value: '4.28' }, { date: '2026-11-19', value: '4.31' }, { date: '2026-11-20', value: '.' }]);
  fake.fred.set('DGS2', [{ date: '2026-11-19', value: '3.60' }]);
  fake.fred.set('WALCL', [{ date: '2026-11-18', value: '6512345.0' }]);
  fake.fred.set('M2SL', [{ date: '2026-10-01', value: '22950.1' }]);
  fake.fred.set('DFEDTARU', [{ date: '2026-11-19', value: '3.25' }]);
  fake.fred.set('DFEDTARL', [{ date: '2026-11-19', value: '3.00' }]);
  fake.mof.set('jgbcme_all.csv', mofCsv([['2026/10/30', 1.88]]));
  fake.mof.set('jgbcme.csv', mofCsv([['2026/11/18', 1.93], ['2026/11/19', 1.95], ['2026/11/20', '-']]));
}

describe('data refresh from FRED and the MOF', () => {
  test('GIVEN both sources answer THEN /spread moves to the new numbers and dates, fresh, and the data lands under DATA_DIR', async () => {
    goodSources();
    const { dataset, refresher, dataDir } = setup();
    expect((await spread(dataset)).figures).toMatchObject({ us10yPct: 4.09, jp10yPct: 1.845, dataStale: true });
    const results = await refresher.refresh();
    expect(results.every((r) => r.ok)).toBe(true);
    const a = await spread(dataset);
    expect(a.figures).toMatchObject({ us10yPct: 4.31, jp10yPct: 1.95, spreadPp: 2.36, dataAsOf: '2026-11-19', dataStale: false });
    expect(a.text.split('\n')[0]).toBe('US–Japan 10y spread: 2.36pp (US 4.31% − JGB 1.95%).');
    expect(a.footer).toBe('observed preset · data as of 19 Nov 2026 · not investment advice');
    expect(readFileSync(join(dataDir, 'series', 'DGS10.csv'), 'utf8')).toContain('2026-11-19,4.31');
    expect(dataset.presets.observed.figures.fedBalanceSheet).toMatchObject({ value: 6_512_345e6, asOf: '2026-11-18', source: 'FRED WALCL' });
    expect(dataset.presets.observed.figures.fedFundsHigh).toMatchObject({ value: 3.25, asOf: '2026-11-19' });
    expect(dataset.presets.article.figures.us10y.value).toBe(3.72);
    expect(fake.requests.some((r) => r.includes('observation_start=2025-12-30'))).toBe(true);
  });

  test('GIVEN a later refresh with fewer observations THEN nothing already stored is deleted', async () => {
    goodSources();
    const { dataset, refresher, dataDir } = setup();
    await refresher.refresh();
    fake.fred.set('DGS10', [{ date: '2026-11-23', value: '4.40' }]);
    await refresher.refresh();
    const stored = readFileSync(join(dataDir, 'series', 'DGS10.csv'), 'utf8');
    expect(stored).toContain('2026-11-18,4.28');
    expect(stored).toContain('2026-11-23,4.4');
    expect(dataset.presets.observed.figures.us10y).toMatchObject({ value: 4.4, asOf: '2026-11-23' });
  });

  test.each([
    ['fred:DGS10', '500', /HTTP 500/],
    ['fred:DGS10', 'hang', /timed out/],
    ['fred:DGS10', 'broken', /not JSON/],
    ['mof:jgbcme.csv', 'truncated', /cells, the header has 16|bad date/],
    ['mof:jgbcme.csv', '500', /HTTP 500/],
  ] as const)('GIVEN %s answering %s THEN that series is unchanged, the error is reported, the others still refresh', async (key, mode, error) => {
    goodSources();
    fake.mode.set(key, mode);
    const { dataset, refresher, dataDir } = setup();
    const id = key === 'fred:DGS10' ? 'DGS10' : 'JGB10Y';
    const before = dataset.series(id).at(-1);
    const results = await refresher.refresh();
    const r = results.find((x) => x.id === id)!;
    expect(r.ok).toBe(false);
    expect(r.error).toMatch(error);
    expect(r.error).not.toContain('test-key');
    expect(dataset.series(id).at(-1)).toEqual(before);
    expect(existsSync(join(dataDir, 'series', `${id}.csv`))).toBe(false);
    expect(results.filter((x) => x.id !== id).every((x) => x.ok)).toBe(true);
    const answer = await spread(dataset);
    expect(answer.figures.dataStale).toBe(true);
  });

  test('GIVEN no FRED key THEN FRED series are left alone and the MOF still refreshes', async () => {
    goodSources();
    const { dataset, refresher } = setup({ fredApiKey: undefined });
    const results = await refresher.refresh();
    expect(results.map((r) => r.id)).toEqual(['JGB10Y']);
    expect(dataset.presets.observed.figures.jp10y).toMatchObject({ value: 1.95, asOf: '2026-11-19' });
    expect(dataset.presets.observed.figures.us10y.value).toBe(4.09);
  });
});
