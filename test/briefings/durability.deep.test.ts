import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DeliveryLog, SubscriptionStore } from '../../src/briefings/store.js';
import { projectRoot } from '../../src/data/paths.js';
import { openStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { eventually } from '../helpers.js';

const fake = new FakeTelegram();
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await fake.close();
});

const CHATS = Array.from({ length: 60 }, (_, i) => 9000 + i);

function startBot(env: Record<string, string>): { child: ChildProcess; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js')], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(child);
  child.stderr!.resume();
  return { child, exited: new Promise((resolve) => child.on('close', resolve)) };
}

describe('durability: kill -9 in the middle of a broadcast', () => {
  test('GIVEN the process is killed mid-broadcast and restarted THEN every subscriber gets that morning`s briefing, none twice', async () => {
    const apiRoot = await fake.start();
    const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-kill-'));
    const now = new Date();
    const time = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    const store = await openStore({ dataDir });
    const subs = new SubscriptionStore(store);
    for (const id of CHATS) await subs.put({ chatId: `tg:${id}`, time, zone: 'UTC', days: 'daily', status: 'active', since: now.toISOString() });
    await store.close();

    const env = {
      TELEGRAM_BOT_TOKEN: '777:AAE_durability-test-token_abcdefghijklm',
      TELEGRAM_API_ROOT: apiRoot,
      DATA_DIR: dataDir,
      DISCORD_TOKEN: '',
      TELEGRAM_BROADCAST_PER_SECOND: '30',
      BRIEFING_TICK_SECONDS: '1',
      LOG_LEVEL: 'warn',
      DATA_REFRESH: 'off',
    };
    const delivered = () => fake.ok('sendPhoto').filter((c) => CHATS.includes(Number(c.params.chat_id)));
    // The bot's own store, read alongside it (SQLite): which deliveries are on record as sent.
    const reader = await openStore({ dataDir });
    const log = new DeliveryLog(reader);
    const localDate = now.toISOString().slice(0, 10);
    const allRecorded = async () => {
      for (const c of delivered()) if ((await log.get(DeliveryLog.key(`tg:${c.params.chat_id}`, localDate)))?.state !== 'sent') return false;
      return true;
    };
    const seen = () => ({ delivered: delivered().length, held: fake.heldCount, dropped: fake.droppedCount });

    // First run: let 25 briefings through, then hold every further send and kill -9 the process.
    const first = startBot(env);
    await fake.waitFor(() => delivered().length >= 25, 30_000);
    fake.hold('sendPhoto');
    // Killed once every briefing that went out is on record (its other sends wait at the platform).
    await eventually(async () => fake.heldCount > 0 && (await allRecorded()), 'a held send, and every delivered briefing recorded as sent', seen);
    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    await fake.waitFor(() => fake.droppedCount === fake.heldCount, 5000);
    const beforeRestart = delivered().length;
    expect(beforeRestart).toBeLessThan(CHATS.length);

    // Second run: it must finish the broadcast and send nothing twice.
    fake.release('sendPhoto');
    const second = startBot(env);
    await fake.waitFor(() => new Set(delivered().map((c) => c.params.chat_id)).size === CHATS.length, 30_000);
    // Every briefing on record as sent: no later scheduler pass may send it again.
    await eventually(allRecorded, 'every briefing recorded as sent', seen);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);

    const perChat = new Map<number, number>();
    for (const c of delivered()) perChat.set(Number(c.params.chat_id), (perChat.get(Number(c.params.chat_id)) ?? 0) + 1);
    expect(CHATS.filter((id) => perChat.get(id) !== 1)).toEqual([]);
    await reader.close();
  }, 90_000);
});
