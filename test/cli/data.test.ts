/**
 * The issue's "must show", with the real CLI process: no FRED_API_KEY, every base URL pointed at fake
 * servers that serve the real formats; `carrybot data refresh`, then `ask` answers with the new
 * figures and their dates; `data status` names each series' source. The failure modes through the
 * real process are in data.deep.test.ts (in-process, test/data/refresh.test.ts covers them by default).
 */
import { describe, expect, test } from 'vitest';
import { dataCliWorld } from './data-world.js';

const { carrybot, envFor, json } = dataCliWorld();

describe('carrybot data refresh, then ask (no keys, fake sources in the real formats)', () => {
  test('GIVEN every source answers THEN /spread, /neutral and /brief answer with the new US 10y, JGB 10y, BOJ rate and their dates', async () => {
    const env = envFor();
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
});
