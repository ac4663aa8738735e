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

const REDIS_URL = process.env.CARRYBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `carrybot-w-${randomUUID().slice(0, 8)}`;
const fake = new FakeTelegram();
const children: ChildProcess[] = [];
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  await fake.close();
});

describe('briefing workers as processes', () => {
  test('GIVEN a worker killed with SIGKILL mid-run THEN the other takes over its jobs and no briefing is lost', async () => {
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
    const start = () => {
      const c = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js'), 'worker'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
      c.stderr!.resume();
      children.push(c);
      return c;
    };
    const doomed = start();
    const survivor = start();
    while (fake.delivered.size < 60) await new Promise((r) => setTimeout(r, 50));
    doomed.kill('SIGKILL');
    const until = Date.now() + 60_000;
    while (fake.delivered.size < N && Date.now() < until) await new Promise((r) => setTimeout(r, 200));
    expect(fake.delivered.size).toBe(N);
    // At-least-once: only a send that was in flight inside the killed worker can have gone twice.
    const twice = [...fake.delivered.values()].filter((n) => n > 1).length;
    expect(twice).toBeLessThanOrEqual(8);
    expect(await fanout.outstanding()).toBe(0);
    survivor.kill('SIGTERM');
    await new Promise((r) => survivor.on('close', r));
    await fanout.close();
    for (const ns of ['subscriptions', 'deliveries', 'meta', 'settings']) await store.keyv(ns).clear();
    await store.close();
  }, 90_000);
});
