/** `npm start` with no token: the console refreshes its data in the background and says so. */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { FakeSources } from '../fakes/sources.js';
import { eventually } from '../helpers.js';

const sources = new FakeSources();
let base: string;
const dirs: string[] = [];
beforeAll(async () => {
  sources.useFixtures();
  base = await sources.start();
});
afterAll(async () => {
  await sources.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('the console keeps itself current', () => {
  test('GIVEN npm start with no token and the sources reachable THEN "data updated" once the start-up refresh lands, and the next answer uses the new data', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-console-'));
    dirs.push(dataDir);
    const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js')], {
      env: { ...process.env, ...sources.env(base), DATA_DIR: dataDir, TELEGRAM_BOT_TOKEN: '', DISCORD_TOKEN: '', CARRYBOT_LANG: 'en' },
      cwd: dataDir,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await eventually(() => out.includes('Data updated'), 'the data-updated line', () => out, 60_000);
    expect(out).toContain('Data updated: the newest observations are of 1 Dec 2026.');
    child.stdin.write('/spread\n');
    await eventually(() => out.includes('US–Japan 10y spread'), 'the /spread answer', () => out, 30_000);
    expect(out).toContain('observed preset · data as of 1 Dec 2026 · not investment advice');
    expect(out).toContain('US–Japan 10y spread: 2.255pp (US 4.24% − JGB 1.985%).');
    child.stdin.end();
    expect(await exited).toBe(0);
  });
});
