/**
 * kill -9 while an alert is at the platform: the bot process is killed after its alert request
 * reached Telegram (the fake holds the answer), then started again over the same DATA_DIR. The chat
 * has received the alert once; the restarted process must not send it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { AlertStore } from '../../src/alerts/store.js';
import { projectRoot } from '../../src/data/paths.js';
import { openStore } from '../../src/state/store.js';
import { FakeSources } from '../fakes/sources.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { eventually } from '../helpers.js';
import { moveYields } from './world.js';

const tg = new FakeTelegram();
const sources = new FakeSources();
const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await tg.close();
  await sources.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function startBot(env: Record<string, string>) {
  const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let log = '';
  child.stdout!.on('data', (d) => (log += String(d)));
  child.stderr!.on('data', (d) => (log += String(d)));
  return { child, exited: new Promise<number | null>((resolve) => child.on('close', resolve)), passes: () => log.split('"msg":"alerts: pass"').length - 1 };
}

describe('alerts: kill -9 between the send and its record', () => {
  test('GIVEN the process dies while its alert is at the platform THEN the restarted process sends no second copy', async () => {
    const apiRoot = await tg.start();
    sources.useFixtures();
    moveYields(sources, [['2026-12-01', 4.185, 1.985], ['2026-12-02', 3.885, 1.985]]); // 2.20, then 1.90
    const base = await sources.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-alert-kill-'));
    dirs.push(dataDir);
    const chat = 8801;
    // The chat set its alert while the spread was 2.20 (armed); the bot starts and refreshes to 1.90.
    const store = await openStore({ dataDir });
    await new AlertStore(store).add(`tg:${chat}`, { kind: 'level', series: 'spread', op: 'below', threshold: 2 }, { armed: true, now: new Date('2026-12-01T10:00:00Z'), max: 10, lang: 'en' });
    await store.close();
    const env = {
      ...sources.env(base),
      TELEGRAM_BOT_TOKEN: '778:AAE_alert-kill-test-token_abcdefghijk',
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: dataDir,
      DISCORD_TOKEN: '',
      BRIEFING_TICK_SECONDS: '0.5',
      LOG_LEVEL: 'debug',
      DATA_REFRESH: 'on',
    };
    const toChat = () => tg.ok('sendPhoto').filter((c) => Number(c.params.chat_id) === chat);

    tg.hold('sendPhoto');
    const first = startBot(env);
    await tg.waitFor(() => tg.heldCount === 1, 60_000, 'the alert to reach the platform');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    tg.release('sendPhoto');

    const second = startBot(env);
    // The restarted watcher settles the firing it finds waiting (the chat's record then holds none).
    const reader = await openStore({ dataDir });
    const pending = async () => (await new AlertStore(reader).get(`tg:${chat}`))?.alerts[0]?.pending?.length ?? -1;
    await eventually(async () => second.passes() >= 1 && (await pending()) === 0, 'the firing settled by the restarted process', async () => ({ passes: second.passes(), pending: await pending() }), 60_000);
    await reader.close();
    expect(tg.heldCount).toBe(1);
    expect(toChat()).toHaveLength(0);
    second.child.kill('SIGKILL');
    await second.exited;
  }, 120_000);
});
