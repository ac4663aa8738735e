/**
 * The issue's "must show", with the real CLI process: no FRED_API_KEY, every base URL pointed at fake
 * servers that serve the real formats; `carrybot data refresh`, then `ask` answers with the new
 * figures and their dates; FRED failing → the Treasury file; a malformed source changes nothing;
 * no network → non-zero, one line per source, nothing stored; `data status` names each series' source.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { deadBase, FakeSources } from '../fakes/sources.js';

const run = promisify(execFile);
const fake = new FakeSources();
let base: string;
beforeAll(async () => {
  base = await fake.start();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.useFixtures();
});

async function carrybot(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await run(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js'), ...args], { env: { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '', ...env } });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A fresh DATA_DIR, the sources at `root`, and this morning as "now". */
function envFor(root: string): Record<string, string> {
  return { ...fake.env(root), DATA_DIR: mkdtempSync(join(tmpdir(), 'carrybot-datacli-')), CARRYBOT_NOW: '2026-12-01T09:00:00Z' };
}

const json = async (env: Record<string, string>, line: string) => {
  const r = await carrybot(env, 'ask', line, '--json', '--out', env.DATA_DIR!);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { text: string; figures: Record<string, unknown> };
};

describe('carrybot data refresh, then ask (no keys, fake sources in the real formats)', () => {
  test('GIVEN every source answers THEN /spread, /neutral and /brief answer with the new US 10y, JGB 10y, BOJ rate and their dates', async () => {
    const env = envFor(base);
    const refresh = await carrybot(env, 'data', 'refresh');
    expect(refresh.code).toBe(0);
    const lines = refresh.stdout.trim().split('\n');
    expect(lines).toHaveLength(4); // one per source: FRED, MOF, BOJ, BIS
    expect(lines).toContainEqual(expect.stringMatching(/^FRED \(graph CSV\): ok — DGS10 \+\d+ to 2026-11-30, DGS2 \+\d+ to 2026-11-30/));
    expect(lines).toContainEqual(expect.stringMatching(/^Japan MOF \(JGB yields\): ok — JGB10Y \+\d+ to 2026-11-30$/));
    expect(lines).toContainEqual(expect.stringMatching(/^BIS \(WS_CBPOL\): ok — BOJRATE \+\d+ to 2026-11-27$/));
    expect(refresh.stdout + refresh.stderr).not.toMatch(/api_key|FRED_API_KEY/);

    const spread = await json(env, '/spread');
    expect(spread.figures).toMatchObject({ us10yPct: 4.21, jp10yPct: 1.985, spreadPp: 2.225, dataAsOf: '2026-11-30', dataStale: false });
    expect(spread.text).toContain('data as of 30 Nov 2026');

    const neutral = await json(env, '/neutral');
    expect(neutral.figures).toMatchObject({ currentRatePct: 1, ratePct: 1, stance: 'neutral', dataStale: false });

    const brief = await json(env, '/brief');
    expect(brief.figures).toMatchObject({ us10yPct: 4.21, jp10yPct: 1.985, bojRatePct: 1, fedFundsLowPct: 3.25, fedFundsHighPct: 3.5, dataStale: false });
    expect(brief.text).toContain('30 Nov 2026');

    const status = await carrybot(env, 'data', 'status');
    expect(status.code).toBe(0);
    const line = (id: string) => status.stdout.split('\n').find((l) => l.startsWith(`${id}:`)) ?? '';
    expect(line('DGS10')).toBe('DGS10: last 2026-11-30 = 4.21 · FRED DGS10 (primary) · 1 day old · fresh');
    expect(line('JGB10Y')).toBe('JGB10Y: last 2026-11-30 = 1.985 · Japan MOF JGB yields, 10Y (primary) · 1 day old · fresh');
    expect(line('BOJRATE')).toBe('BOJRATE: last 2026-11-27 = 1 · BIS WS_CBPOL D.JP (primary) · 4 days old · fresh');
    expect(line('CALLRATE')).toMatch(/^CALLRATE: last 2026-11-30 = 0\.9\d+ · Bank of Japan FM01 STRDCLUCON \(primary\) · 1 day old · fresh$/);
    expect(line('JGB10Y_PRESS')).toBe('JGB10Y_PRESS: last 2025-12-30 = 2.07 · Reuters/Jiji (approximate) (shipped) · 336 days old · stale (over 7 days)');
    expect(status.stdout.trim().split('\n').filter((l) => /^[A-Z0-9_]+: last /.test(l))).toHaveLength(14); // every series
  });

  test('GIVEN FRED failing THEN the US 10y comes from the Treasury file, and status says so', async () => {
    fake.mode.set('graph:DGS10', '500');
    fake.mode.set('graph:DGS2', '500');
    const env = envFor(base);
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
    const env = envFor(base);
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
