import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { QueuedFanout } from '../../src/briefings/queue.js';
import { Scheduler } from '../../src/briefings/scheduler.js';
import { DeliveryLog, SubscriptionStore } from '../../src/briefings/store.js';
import { projectRoot } from '../../src/data/paths.js';
import { silentLogger } from '../../src/log.js';
import { openStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { eventually } from '../helpers.js';

const REDIS_URL = process.env.CARRYBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `carrybot-w-${randomUUID().slice(0, 8)}`;
const fake = new FakeTelegram();
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await fake.close();
});

describe('briefing workers as processes', () => {
  test('GIVEN a worker killed with SIGKILL mid-run THEN another takes over its jobs and every briefing goes out exactly once', async () => {
    const N = 300;
    const apiRoot = await fake.start();
    fake.recordCalls = false;
    const store = await openStore({ dataDir: '/unused', redisUrl: REDIS_URL, prefix });
    const subscriptions = new SubscriptionStore(store);
    const now = new Date();
    const time = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
    for (let i = 0; i < N; i++) await subscriptions.put({ chatId: `tg:${800_000 + i}`, time, zone: 'UTC', days: 'daily', status: 'active', since: 'x' });
    const fanout = new QueuedFanout({ redisUrl: REDIS_URL, prefix, platforms: ['telegram'], logger: silentLogger() });
    await new Scheduler({ subscriptions, deliveries: new DeliveryLog(store), broadcaster: fanout, platforms: new Set(['telegram']), logger: silentLogger() }).tick();
    expect(await fanout.outstanding()).toBe(N);

    const env = { ...process.env, REDIS_URL, REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: '7070:AAE_worker-test-token_abcdefghijklmno', TELEGRAM_API_ROOT: apiRoot, DISCORD_TOKEN: '', TELEGRAM_BROADCAST_PER_SECOND: '30', BRIEFING_LOCK_SECONDS: '2', LOG_LEVEL: 'warn' };
    const stderr: string[] = [];
    const start = () => {
      const c = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js'), 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      c.stderr!.on('data', (chunk: Buffer) => stderr.push(String(chunk)));
      children.push(c);
      return c;
    };
    // The doomed worker delivers a while; then every further send is held at the platform, and it is
    // killed once everything it did deliver is on record: no send of its can be both out and unrecorded,
    // so exactly once is the only right answer.
    const deliveries = new DeliveryLog(store);
    const localDate = now.toISOString().slice(0, 10);
    const allDeliveredRecorded = async () => {
      for (const chat of fake.delivered.keys()) if ((await deliveries.get(DeliveryLog.key(`tg:${chat}`, localDate)))?.state !== 'sent') return false;
      return true;
    };
    const seen = () => ({ delivered: fake.delivered.size, held: fake.heldCount, dropped: fake.droppedCount, stderr: stderr.join('').slice(-2000) });
    const doomed = start();
    await eventually(() => fake.delivered.size >= 60, 'the first worker to deliver 60 briefings', seen, 60_000);
    fake.hold('sendPhoto');
    await eventually(async () => fake.heldCount > 0 && (await allDeliveredRecorded()), 'a held send, and every delivered briefing recorded as sent', seen);
    doomed.kill('SIGKILL');
    await eventually(() => fake.droppedCount === fake.heldCount, 'the killed worker`s held sends to be dropped', seen);
    const beforeTakeover = fake.delivered.size;
    expect(beforeTakeover).toBeLessThan(N);
    fake.release('sendPhoto');
    const survivor = start();
    await eventually(() => fake.delivered.size === N, `all ${N} briefings delivered`, seen, 60_000);
    await eventually(async () => (await fanout.outstanding()) === 0, 'the queue to drain', async () => ({ ...seen(), outstanding: await fanout.outstanding() }));
    expect([...fake.delivered.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    survivor.kill('SIGTERM');
    await new Promise((r) => survivor.on('close', r));
    await fanout.close();
    for (const ns of ['subscriptions', 'deliveries', 'meta', 'settings']) await store.keyv(ns).clear();
    await store.close();
  }, 90_000);
});
