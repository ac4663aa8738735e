/**
 * Deep (npm run test:deep): the data failure modes through the real CLI process — FRED failing →
 * the Treasury file; a malformed source changes nothing; no network → non-zero, one line per source,
 * nothing stored. test/data/refresh.test.ts asserts the same in-process in the default suite.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { deadBase } from '../fakes/sources.js';
import { dataCliWorld } from './data-world.js';

const { fake, carrybot, envFor, json } = dataCliWorld();

describe('carrybot data refresh when sources fail (the real process)', () => {
  test('GIVEN FRED failing THEN the US 10y comes from the Treasury file, and status says so', async () => {
    fake.mode.set('graph:DGS10', '500');
    fake.mode.set('graph:DGS2', '500');
    const env = envFor();
    const refresh = await carrybot(env, 'data', 'refresh');
    expect(refresh.code).toBe(1); // a source failed
    expect(refresh.stdout).toMatch(/^FRED \(graph CSV\): failed \(HTTP 500 from .*fredgraph\.csv\?id=DGS(10|2).*\) — DGS10 served by US Treasury par yield curve, 10 Yr \(to 2026-12-01\), DGS2 served by US Treasury par yield curve, 2 Yr \(to 2026-12-01\), WALCL \+\d+ to 2026-11-25, /m);
    expect(refresh.stdout).toMatch(/^US Treasury \(daily par yield curve\): ok — DGS10 \+\d+ to 2026-12-01, DGS2 \+\d+ to 2026-12-01$/m);
    const spread = await json(env, '/spread');
    expect(spread.figures).toMatchObject({ us10yPct: 4.24, dataAsOf: '2026-12-01' });
    const status = await carrybot(env, 'data', 'status', '--lang', 'zh');
    expect(status.stdout).toContain('DGS10：最新 2026-12-01 = 4.24 · US Treasury par yield curve, 10 Yr（备用来源）· 0 天前 · 最新');
  });

  test('GIVEN a malformed MOF file and a BOJ error inside a 200 THEN those series keep the shipped data, the rest moves', async () => {
    fake.mode.set('mof:jgbcme.csv', 'truncated');
    fake.mode.set('boj:STRDCLUCON', 'bojStatus');
    const env = envFor();
    const refresh = await carrybot(env, 'data', 'refresh');
    expect(refresh.code).toBe(1);
    expect(refresh.stdout).toMatch(/^Japan MOF \(JGB yields\): failed \(MOF jgbcme\.csv line \d+: .*\) — JGB10Y kept as it was \(to 2025-12-30\)$/m);
    expect(refresh.stdout).toMatch(/^Bank of Japan \(time-series API\): failed \(BOJ STRDCLUCON: STATUS 400 M181005E Invalid DB name\.\) — CALLRATE kept as it was/m);
    const spread = await json(env, '/spread');
    expect(spread.figures).toMatchObject({ us10yPct: 4.21, jp10yPct: 2.07 });
    const status = await carrybot(env, 'data', 'status');
    expect(status.stdout).toMatch(/^JGB10Y: last 2025-12-30 = 2\.07 · Reuters\/Jiji \(approximate\) \(shipped\) · 336 days old · stale/m);
  });

  test('GIVEN no network THEN refresh exits non-zero with one line per source and stores nothing; answers are shipped, stale, with one line on how to refresh', async () => {
    const env = envFor(await deadBase());
    const refresh = await carrybot(env, 'data', 'refresh');
    expect(refresh.code).toBe(1);
    const lines = refresh.stdout.trim().split('\n');
    expect(lines.map((l) => l.split(':')[0])).toEqual(['FRED (graph CSV)', 'US Treasury (daily par yield curve)', 'Japan MOF (JGB yields)', 'Bank of Japan (time-series API)', 'BIS (WS_CBPOL)']);
    expect(lines.every((l) => / failed \(.*ECONNREFUSED/.test(l))).toBe(true);
    expect(existsSync(join(env.DATA_DIR!, 'series'))).toBe(false);
    const text = await carrybot(env, 'ask', '/spread', '--out', env.DATA_DIR!);
    expect(text.stdout).toContain('data as of 30 Dec 2025 (stale)');
    expect(text.stdout.trim().split('\n').at(-1)).toBe('The data is stale (newest 30 Dec 2025). Refresh it with: npx carrybot data refresh (no keys needed).');
  });
});
