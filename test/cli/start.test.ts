import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { FakeDiscord } from '../fakes/discord.js';
import { FakeTelegram } from '../fakes/telegram.js';

const fake = new FakeTelegram();
const discord = new FakeDiscord();
afterAll(async () => {
  await fake.close();
  await discord.close();
});

describe('npm start with a platform token (the built process)', () => {
  test('GIVEN TELEGRAM_BOT_TOKEN and TELEGRAM_API_ROOT THEN it polls, answers with a photo, keeps state in DATA_DIR and stops on SIGTERM', async () => {
    const apiRoot = await fake.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-start-'));
    const token = '987654321:AAE_process-test-token_abcdefghijklmn';
    const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js')], {
      env: { ...process.env, TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, DATA_DIR: dataDir, DISCORD_TOKEN: '', LOG_LEVEL: 'info', DATA_REFRESH: 'off', HEALTH_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await fake.waitFor(() => fake.ok('getUpdates').length > 0, 15_000);
    fake.message('/carry 1.5', { userId: 31, lang: 'en' });
    await fake.waitFor(() => fake.ok('sendPhoto').length === 1, 15_000);
    expect(String(fake.ok('sendPhoto')[0]!.params.caption)).toContain('$1.2T');
    expect(existsSync(join(dataDir, 'carrybot.sqlite'))).toBe(true);
    const port = Number(/"port":(\d+),"msg":"health endpoint listening"/.exec(stderr)?.[1]);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const report = (await health.json()) as { memory: { rssMb: number; heapUsedMb: number; heapTotalMb: number } };
    expect(report).toMatchObject({ status: 'ok', adapters: { telegram: 'running' }, data: { DGS10: { last: '2025-12-30', refreshed: null, stale: true } } });
    // The process' own memory, in MB, for whoever watches it (the soak bench prints it every minute).
    expect(report.memory.rssMb).toBeGreaterThan(20);
    expect(report.memory.heapUsedMb).toBeGreaterThan(1);
    expect(report.memory.heapUsedMb).toBeLessThanOrEqual(report.memory.heapTotalMb);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('telegram: polling');
    expect(stderr).not.toContain(token.split(':')[1]);
  });

  test('GIVEN DISCORD_TOKEN and DISCORD_API_BASE_URL THEN it connects through /gateway/bot, registers commands, answers, and stops on SIGTERM', async () => {
    const apiBase = await discord.start();
    const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js')], {
      env: { ...process.env, DISCORD_TOKEN: 'MTA4.process-test.discord-token-abcdefghij', DISCORD_API_BASE_URL: apiBase, TELEGRAM_BOT_TOKEN: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'carrybot-start-')), DATA_REFRESH: 'off' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await discord.waitFor(() => discord.find('PUT', /commands$/).length === 1, 15_000);
    const { id } = discord.interact({ name: 'neutral', options: [{ name: 'rate', type: 10, value: 0.75 }] });
    await discord.waitFor(() => discord.find('PATCH', /@original$/).length === 1, 15_000);
    expect(discord.find('POST', new RegExp(`/interactions/${id}/`))[0]!.body).toMatchObject({ type: 5 });
    expect(JSON.stringify(discord.find('PATCH', /@original$/)[0]!.body)).toContain('accommodative');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toContain('discord: connected');
  });
});
