/**
 * The same broadcast as bench/broadcast.ts, on Redis: one scheduler enqueues on BullMQ, three
 * `carrybot worker` processes deliver under the queue's shared rate limit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { FakeTelegram } from '../test/fakes/telegram.js';
import { arrivalSpan, steadyRate } from './stats.js';
import { PLATFORM_PER_SECOND } from '../src/briefings/pacing.js';
import { QueuedFanout } from '../src/briefings/queue.js';
import { Scheduler } from '../src/briefings/scheduler.js';
import { DeliveryLog, SubscriptionStore } from '../src/briefings/store.js';
import { loadConfig } from '../src/config.js';
import { projectRoot } from '../src/data/paths.js';
import { silentLogger } from '../src/log.js';
import { KeyvSettings } from '../src/state/settings.js';
import { openStore } from '../src/state/store.js';

export async function benchBroadcastWorkers(subscribers: number, workers: number, redisUrl = 'redis://127.0.0.1:6379') {
  const prefix = `carrybot-bench-${randomUUID().slice(0, 8)}`;
  const fake = new FakeTelegram();
  fake.messagesPerSecond = PLATFORM_PER_SECOND.telegram;
  fake.recordCalls = false;
  const arrivals: number[] = [];
  fake.onCall = (method) => {
    if (method === 'sendPhoto') arrivals.push(performance.now());
  };
  const apiRoot = await fake.start();
  const store = await openStore({ dataDir: '/unused', redisUrl, prefix });
  const subscriptions = new SubscriptionStore(store);
  const settings = new KeyvSettings(store);
  const now = new Date();
  const time = `${String(now.getUTCHours()).padStart(2, '0')}:${String(now.getUTCMinutes()).padStart(2, '0')}`;
  for (let i = 0; i < subscribers; i++) {
    await subscriptions.put({ chatId: `tg:${300_000 + i}`, time, zone: 'UTC', days: 'daily', status: 'active', since: now.toISOString() });
    if (i % 2) await settings.set(`tg:${300_000 + i}`, { lang: 'zh' });
  }
  const perSecond = loadConfig({}).TELEGRAM_BROADCAST_PER_SECOND;
  const env = { ...process.env, REDIS_URL: redisUrl, REDIS_PREFIX: prefix, TELEGRAM_BOT_TOKEN: '8080:AAE_bench-workers-token_abcdefghijk', TELEGRAM_API_ROOT: apiRoot, DISCORD_TOKEN: '', LOG_LEVEL: 'warn' };
  const children: ChildProcess[] = Array.from({ length: workers }, () => {
    const c = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js'), 'worker'], { env, stdio: ['ignore', 'ignore', 'ignore'] });
    return c;
  });
  // As before a morning: the workers are up, connected and idle (their start-up is not the broadcast's).
  const probeRedis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const probe = new Queue('briefings-telegram', { connection: probeRedis, prefix });
  while ((await probe.getWorkersCount()) < workers) await new Promise((r) => setTimeout(r, 100));
  await probe.close();
  probeRedis.disconnect();
  await new Promise((r) => setTimeout(r, 1500));
  const fanout = new QueuedFanout({ redisUrl, prefix, platforms: ['telegram'], logger: silentLogger() });
  const scheduler = new Scheduler({ subscriptions, deliveries: new DeliveryLog(store), broadcaster: fanout, platforms: new Set(['telegram']), logger: silentLogger() });
  const start = performance.now();
  await scheduler.tick();
  while (fake.delivered.size < subscribers && performance.now() - start < subscribers * 200) await new Promise((r) => setTimeout(r, 200));
  // Until the last briefing reached the platform (not the 200 ms poll that noticed it).
  const seconds = ((fake.delivered.size >= subscribers ? arrivals.reduce((a, b) => Math.max(a, b), 0) : performance.now()) - start) / 1000;
  for (const c of children) c.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => c.on('close', r))));
  await fanout.close();
  for (const ns of ['subscriptions', 'settings', 'deliveries', 'meta']) await store.keyv(ns).clear();
  await store.close();
  await fake.close();
  const counts = [...fake.delivered.values()];
  return { subscribers, workers, perSecond, seconds, limit: PLATFORM_PER_SECOND.telegram, minimum: subscribers / PLATFORM_PER_SECOND.telegram, delivered: fake.delivered.size, duplicates: counts.filter((n) => n > 1).length, limited429: fake.limited, steadyPerSecond: steadyRate(arrivals), span: arrivalSpan(arrivals, start) };
}
