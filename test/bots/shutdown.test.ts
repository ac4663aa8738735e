import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { FakeTelegram } from '../fakes/telegram.js';

const fake = new FakeTelegram();
const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-shutdown-'));
afterAll(async () => {
  fake.release('sendPhoto');
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** Past this the test kills the process itself: a bot that needs it has failed. */
const DEADLINE_MS = 10_000;

describe('shutdown', () => {
  test('GIVEN a chart upload the platform never answers THEN SIGTERM still ends the process by itself within 10 s', async () => {
    const apiRoot = await fake.start();
    fake.hold('sendPhoto');
    const env = { ...process.env, TELEGRAM_BOT_TOKEN: '4242:AAE_shutdown-test-token_abcdefghijklmn', TELEGRAM_API_ROOT: apiRoot, DISCORD_TOKEN: '', DATA_DIR: dataDir, DATA_REFRESH: 'off', LOG_LEVEL: 'debug' };
    const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js')], { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (c: Buffer) => (stderr += String(c)));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
    await fake.waitFor(() => fake.calls.some((c) => c.method === 'getUpdates'), 20_000);
    fake.message('/carry 1.5', { userId: 4301 });
    // The upload is under way and will never be answered.
    await fake.waitFor(() => fake.heldCount === 1, 20_000);
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), DEADLINE_MS);
    const { code, signal } = await exited;
    clearTimeout(killer);
    expect({ code, signal }, stderr).toEqual({ code: 0, signal: null });
    expect(stderr).toContain('shutting down');
  }, 60_000);
});
