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
import { dataset, eventually } from '../helpers.js';

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

/** `npm test` sends a few hundred; `npm run test:deep` the full 5,000. Pacing and 429 counts are measured in the bench (`npm run bench`), not here. */
const DEEP = process.env.CARRYBOT_DEEP === '1';

describe('briefings on BullMQ over Redis', () => {
  test(`GIVEN two schedulers and three workers THEN ${DEEP ? '5,000' : '150'} briefings go out exactly once, through one queue with one limiter`, async () => {
    const N = DEEP ? 5000 : 150;
    const RATE = 300;
    fake.recordCalls = false;
    const a = await scheduler();
    const b = await scheduler();
    for (let i = 0; i < N; i++) await a.subscriptions.put({ chatId: `tg:${700_000 + i}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: 'x' });
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(await a.fanout.outstanding()).toBe(N);
    const workers = await Promise.all([worker(RATE), worker(RATE), worker(RATE)]);
    // One pace for all: every worker serves the same queue under the same prefix; the pacing is the
    // sliding windows they share in Redis (src/briefings/pacing.ts), not a per-queue BullMQ limiter.
    const opts = workers.flatMap((w) => w.workers).map((w) => ({ name: w.name, prefix: w.opts.prefix, limiter: w.opts.limiter }));
    expect(opts).toEqual(Array(3).fill({ name: 'briefings-telegram', prefix, limiter: undefined }));
    const seen = async () => ({ delivered: fake.delivered.size, outstanding: await a.fanout.outstanding() });
    await eventually(() => fake.delivered.size === N, `${N} chats to get their briefing`, seen, DEEP ? 300_000 : 60_000);
    await eventually(async () => (await a.fanout.outstanding()) === 0, 'the queue to drain', seen);
    // Later passes of both schedulers add nothing: every job id is already taken or settled.
    await Promise.all([a.scheduler.tick(), b.scheduler.tick()]);
    expect(await a.fanout.outstanding()).toBe(0);
    expect([...fake.delivered.entries()].filter(([, n]) => n !== 1)).toEqual([]);
  }, DEEP ? 420_000 : 90_000);
});
