import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { FakeSources, mofCsv } from '../fakes/sources.js';

const run = promisify(execFile);
const fake = new FakeSources();
let base: string;
beforeAll(async () => {
  base = await fake.start();
});
afterAll(() => fake.close());

async function carrybot(env: Record<string, string>, ...args: string[]) {
  try {
    const r = await run(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js'), ...args], { env: { ...process.env, ...env } });
    return { code: 0, ...r };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('carrybot data refresh | status', () => {
  test('GIVEN fake sources THEN refresh reports what it added and status shows the refreshed, fresh series', async () => {
    fake.fred.set('DGS10', [{ date: '2026-11-19', value: '4.31' }]);
    fake.mof.set('jgbcme_all.csv', mofCsv([['2026/10/30', 1.88]]));
    fake.mof.set('jgbcme.csv', mofCsv([['2026/11/19', 1.95]]));
    fake.mode.set('fred:WALCL', '500');
    const env = {
      DATA_DIR: mkdtempSync(join(tmpdir(), 'carrybot-datacli-')),
      FRED_API_KEY: 'test-key',
      FRED_API_BASE_URL: `${base}/fred`,
      MOF_JGB_CSV_URL: `${base}/mof/jgbcme_all.csv`,
      MOF_JGB_CSV_CURRENT_URL: `${base}/mof/jgbcme.csv`,
    };
    const refresh = await carrybot(env, 'data', 'refresh');
    expect(refresh.code).toBe(1); // WALCL failed
    expect(refresh.stdout).toContain('DGS10: 1 new observations, last 2026-11-19');
    expect(refresh.stdout).toContain('JGB10Y: 2 new observations, last 2026-11-19');
    expect(refresh.stdout).toMatch(/WALCL: not refreshed \(HTTP 500 from .*api_key=\[redacted\].*\); keeping data to 2025-12-24/);
    expect(refresh.stdout + refresh.stderr).not.toContain('test-key');
    const status = await carrybot(env, 'data', 'status', '--lang', 'zh');
    expect(status.stdout).toContain('DGS10：最新 2026-11-19 = 4.31（已刷新，');
    expect(status.stdout).toContain('WALCL：最新 2025-12-24');
    const ask = await carrybot(env, 'ask', '/spread', '--json', '--out', env.DATA_DIR);
    expect(JSON.parse(ask.stdout).figures).toMatchObject({ us10yPct: 4.31, jp10yPct: 1.95, dataAsOf: '2026-11-19' });
  });
});
