/**
 * Alerts on BullMQ over the real Redis: two bot processes' watchers evaluate the same alerts at the
 * same moment and two worker processes deliver. Every chat gets its alert exactly once.
 */
import { Api } from 'grammy';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AlertStore } from '../../src/alerts/store.js';
import { AlertWatcher } from '../../src/alerts/watch.js';
import { telegramBriefings } from '../../src/bots/briefing-senders.js';
import { TelegramSender } from '../../src/bots/telegram/sender.js';
import { BriefingDelivery } from '../../src/briefings/delivery.js';
import { QueuedFanout, startWorkers } from '../../src/briefings/queue.js';
import { DeliveryLog, SubscriptionStore } from '../../src/briefings/store.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { dataset, eventually } from '../helpers.js';

const REDIS_URL = process.env.CARRYBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `carrybot-aq-${randomUUID().slice(0, 8)}`;
const fake = new FakeTelegram();
const renderer = new ChartRenderer();
let apiRoot: string;
const closers: Array<() => Promise<unknown>> = [];
beforeAll(async () => {
  apiRoot = await fake.start();
});
afterAll(async () => {
  for (const c of closers.reverse()) await c().catch(() => undefined);
  await renderer.close();
  await fake.close();
});

const clock = () => new Date('2026-01-05T10:00:00Z');
async function store(): Promise<StateStore> {
  const s = await openStore({ dataDir: '/unused', redisUrl: REDIS_URL, prefix });
  closers.push(async () => {
    for (const ns of ['settings', 'subscriptions', 'deliveries', 'alerts', 'meta']) await s.keyv(ns).clear();
    await s.close();
  });
  return s;
}

async function botProcess() {
  const s = await store();
  const fanout = new QueuedFanout({ redisUrl: REDIS_URL, prefix, platforms: ['telegram'], logger: silentLogger() });
  closers.push(() => fanout.close());
  const alerts = new AlertStore(s);
  return { alerts, fanout, watcher: new AlertWatcher({ alerts, deliveries: new DeliveryLog(s), fanout, dataset: dataset(), settings: new KeyvSettings(s), platforms: new Set(['telegram']), logger: silentLogger(), clock }) };
}

async function workerProcess() {
  const s = await store();
  const sender = new TelegramSender(new Api('6262:AAE_alertq-test-token_abcdefghijklmnop', { apiRoot }), renderer, silentLogger());
  const delivery = new BriefingDelivery({ dataset: dataset(), settings: new KeyvSettings(s), subscriptions: new SubscriptionStore(s), alerts: new AlertStore(s), deliveries: new DeliveryLog(s), senders: { telegram: telegramBriefings(sender, 200) }, logger: silentLogger(), clock });
  const w = startWorkers({ redisUrl: REDIS_URL, prefix, delivery, perSecond: { telegram: 200 }, concurrency: 8, logger: silentLogger() });
  closers.push(() => w.close());
}

describe('alerts through the shared queue', () => {
  test('GIVEN two watchers passing at once and two workers THEN each of 12 chats gets its alert once, and later passes add nothing', async () => {
    const a = await botProcess();
    const b = await botProcess();
    const chats = Array.from({ length: 12 }, (_, i) => 930_000 + i);
    // The shipped data's spread is 2.07pp: a "below 2.1" line set while it was above is crossed now.
    for (const id of chats) await a.alerts.add(`tg:${id}`, { kind: 'level', series: 'spread', op: 'below', threshold: 2.1 }, { armed: true, now: new Date('2026-01-02T00:00:00Z'), max: 10, lang: 'en' });
    await Promise.all([a.watcher.tick(), b.watcher.tick()]);
    await Promise.all([workerProcess(), workerProcess()]);
    const photos = () => fake.ok('sendPhoto').filter((c) => chats.includes(Number(c.params.chat_id)));
    await eventually(async () => photos().length >= chats.length && (await a.fanout.outstanding()) === 0, 'every alert delivered', () => photos().length);
    // Passes after delivery forget the settled firings and send nothing.
    await Promise.all([a.watcher.tick(), b.watcher.tick()]);
    await eventually(async () => (await Promise.all(chats.map(async (id) => (await a.alerts.get(`tg:${id}`))!.alerts[0]!.pending?.length ?? 0))).every((n) => n === 0), 'firings settled', () => photos().length);
    const perChat = new Map<number, number>();
    for (const c of photos()) perChat.set(Number(c.params.chat_id), (perChat.get(Number(c.params.chat_id)) ?? 0) + 1);
    expect(chats.map((id) => perChat.get(id))).toEqual(chats.map(() => 1));
    expect(String(photos()[0]!.params.caption)).toContain('🔔 Alert #1: the US–Japan 10y spread is below 2.1pp — 2.07pp on 30 Dec 2025.');
  });
});
