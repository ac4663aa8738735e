import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { telegramBriefings } from '../../src/bots/briefing-senders.js';
import { TelegramSender } from '../../src/bots/telegram/sender.js';
import { BriefingDelivery } from '../../src/briefings/delivery.js';
import { QueuedFanout, startWorkers } from '../../src/briefings/queue.js';
import { Scheduler } from '../../src/briefings/scheduler.js';
import { DeliveryLog, SubscriptionStore } from '../../src/briefings/store.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { dataset } from '../helpers.js';

const REDIS_URL = process.env.CARRYBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `carrybot-q-${randomUUID().slice(0, 8)}`;
const fake = new FakeTelegram();
let apiRoot: string;
const closers: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  apiRoot = await fake.start();
});
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
  await fake.close();
});

const clock = () => new Date('2026-11-24T08:00:30Z');
async function store(): Promise<StateStore> {
  const s = await openStore({ dataDir: '/unused', redisUrl: REDIS_URL, prefix });
  closers.push(async () => {
    for (const ns of ['settings', 'subscriptions', 'deliveries', 'meta']) await s.keyv(ns).clear();
    await s.close();
  });
  return s;
}

/** A worker process, as far as the queue can tell: its own store connection, sender and Telegram client. */
async function worker(perSecond: number) {
  const s = await store();
  const api = new Api('6060:AAE_queue-test-token_abcdefghijklmnopq', { apiRoot });
  api.config.use(autoRetry({ maxRetryAttempts: 8, maxDelaySeconds: 30 }));
  const sender = new TelegramSender(api, new ChartRenderer(), silentLogger());
  const delivery = new BriefingDelivery({ dataset: dataset(), settings: new KeyvSettings(s), subscriptions: new SubscriptionStore(s), deliveries: new DeliveryLog(s), senders: { telegram: telegramBriefings(sender, perSecond) }, logger: silentLogger(), clock });
  const w = startWorkers({ redisUrl: REDIS_URL, prefix, delivery, perSecond: { telegram: perSecond }, concurrency: 16, logger: silentLogger() });
  closers.push(() => w.close());
  return w;
}

async function scheduler() {
  const s = await store();
  const subscriptions = new SubscriptionStore(s);
  const fanout = new QueuedFanout({ redisUrl: REDIS_URL, prefix, platforms: ['telegram'], logger: silentLogger() });
  closers.push(() => fanout.close());
  return { subscriptions, fanout, scheduler: new Scheduler({ subscriptions, deliveries: new DeliveryLog(s), broadcaster: fanout, platforms: new Set(['telegram']), logger: silentLogger(), clock }) };
}

describe('briefings on BullMQ over Redis', () => {
  test('GIVEN two schedulers and three workers THEN 5,000 briefings go out exactly once, under one shared rate limit', async () => {
    const N = 5000;
    const RATE = 300;
    fake.recordCalls = false;
    fake.messagesPerSecond = 400; // above the shared limit, below three workers' worth of separate limits
    const a = await scheduler();
    const b = await scheduler();
    for (let i = 0; i < N; i++) await a.subscriptions.put({ chatId: `tg:${700_000 + i}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: 'x' });
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(await a.fanout.outstanding()).toBe(N);
    const started = Date.now();
    await Promise.all([worker(RATE), worker(RATE), worker(RATE)]);
    while (fake.delivered.size < N && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 200));
    const seconds = (Date.now() - started) / 1000;
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]); // later passes add nothing
    await new Promise((r) => setTimeout(r, 1000));
    const counts = [...fake.delivered.values()];
    expect(fake.delivered.size).toBe(N);
    expect(counts.filter((n) => n > 1)).toHaveLength(0);
    expect(fake.limited).toBe(0); // no 429: the three workers shared one limit of 300/s
    expect(seconds).toBeGreaterThan((N / RATE) * 0.95); // paced, not a free-for-all
    expect(await a.fanout.outstanding()).toBe(0);
  }, 90_000);
});
