import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { telegramBriefings } from '../../src/bots/briefing-senders.js';
import { TelegramSender } from '../../src/bots/telegram/sender.js';
import { Broadcaster } from '../../src/briefings/broadcaster.js';
import { Scheduler } from '../../src/briefings/scheduler.js';
import { DeliveryLog, SubscriptionStore, type Subscription } from '../../src/briefings/store.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { makeContext } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { CJK, dataset } from '../helpers.js';

const fake = new FakeTelegram();
let apiRoot: string;
beforeAll(async () => {
  apiRoot = await fake.start();
});
afterAll(() => fake.close());

const stores: StateStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
});

/** A bot process, as the scheduler sees it: its own memory, a store, a clock. */
async function world(o: { dataDir?: string; clock: { now: Date } }) {
  const dataDir = o.dataDir ?? mkdtempSync(join(tmpdir(), 'carrybot-brief-'));
  const store = await openStore({ dataDir });
  stores.push(store);
  const bot = new Bot('555:AAE_briefing-test-token_abcdefghijklmnop', { client: { apiRoot }, botInfo: fake.botInfo });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 60 }));
  const renderer = new ChartRenderer();
  const sender = new TelegramSender(bot.api, renderer, silentLogger());
  const subscriptions = new SubscriptionStore(store);
  const deliveries = new DeliveryLog(store);
  const settings = new KeyvSettings(store);
  const clock = () => o.clock.now;
  const broadcaster = new Broadcaster({ dataset: dataset(), settings, subscriptions, deliveries, senders: { telegram: telegramBriefings(sender, 200) }, logger: silentLogger(), clock, backoffMs: 50 });
  const scheduler = new Scheduler({ subscriptions, deliveries, broadcaster, platforms: new Set(['telegram']), logger: silentLogger(), clock });
  const run = async () => {
    await scheduler.tick();
    await broadcaster.idle();
  };
  return { dataDir, store, subscriptions, deliveries, settings, renderer, sender, broadcaster, scheduler, run };
}

const sub = (chatId: number, o: Partial<Subscription> = {}): Subscription => ({ chatId: `tg:${chatId}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: '2026-01-01T00:00:00Z', ...o });
const photos = (chatId: number) => fake.ok('sendPhoto').filter((c) => Number(c.params.chat_id) === chatId);

describe('morning briefings: once per local day, at local time', () => {
  test.each([
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00Z', 11],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00Z', 12],
    ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:30:00Z', 13],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00Z', 14],
  ])('GIVEN %s on its DST day %s at %s THEN one briefing at %s, none before, none again', async (zone, day, time, at, chatId) => {
    const clock = { now: new Date(Date.parse(at) - 60_000) };
    const w = await world({ clock });
    await w.subscriptions.put(sub(chatId, { zone, time }));
    for (let t = Date.parse(at) - 60_000; t <= Date.parse(at) + 3 * 3600_000; t += 5 * 60_000) {
      clock.now = new Date(t);
      await w.run();
      if (t < Date.parse(at)) expect(photos(chatId), `before ${new Date(t).toISOString()}`).toHaveLength(0);
    }
    expect(photos(chatId)).toHaveLength(1);
    expect(String(photos(chatId)[0]!.params.caption)).toContain(`Briefing for ${Number(day.slice(8))}`);
  });

  test('GIVEN a process running for a week, 40 subscribers in three zones THEN one briefing each a day, and it remembers only the days it still looks at', async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-sched-')) });
    stores.push(store);
    const subscriptions = new SubscriptionStore(store);
    const deliveries = new DeliveryLog(store);
    const zones = ['UTC', 'Asia/Tokyo', 'America/New_York'];
    for (let i = 0; i < 40; i++) await subscriptions.put(sub(6000 + i, { zone: zones[i % 3]!, time: '07:30' }));
    const clock = { now: new Date('2026-11-20T00:00:00Z') };
    const sent: string[] = [];
    // The fan-out settles each job at once, as a broadcaster that sent it would.
    const fanout = { has: () => false, enqueue: async (job: { key: string }) => void (sent.push(job.key), await deliveries.settle(job.key, 'sent', clock.now)) };
    const scheduler = new Scheduler({ subscriptions, deliveries, broadcaster: fanout, platforms: new Set(['telegram']), logger: silentLogger(), clock: () => clock.now });
    const remembered: number[] = [];
    for (let t = Date.parse('2026-11-20T00:00:00Z'); t < Date.parse('2026-11-27T00:00:00Z'); t += 30 * 60_000) {
      clock.now = new Date(t);
      await scheduler.tick();
      remembered.push(scheduler.remembered);
    }
    expect(sent).toHaveLength(new Set(sent).size);
    // Each chat once a local day: 20–26 Nov in London and New York; in Tokyo 20 Nov (07:30 there
    // was 1.5 h before the start, within the grace window) to 27 Nov (22:30 UTC on the 26th).
    expect(sent.filter((k) => k.startsWith('tg:6000|'))).toHaveLength(7);
    expect(sent.filter((k) => k.startsWith('tg:6001|')).map((k) => k.slice(-2))).toEqual(['20', '21', '22', '23', '24', '25', '26', '27']);
    expect(sent.filter((k) => k.startsWith('tg:6002|'))).toHaveLength(7);
    expect(sent).toHaveLength(14 * 7 + 13 * 8 + 13 * 7);
    // At most three local dates are looked at across the zones; a week would be 280 keys.
    expect(Math.max(...remembered)).toBeLessThanOrEqual(3 * 40);
  });

  test('GIVEN the process was down at 08:00 THEN within the grace window it catches up; past it, the day is skipped for good', async () => {
    const clock = { now: new Date('2026-11-24T09:30:00Z') };
    const w = await world({ clock });
    await w.subscriptions.put(sub(21)); // 08:00 UTC: 1.5 h late
    await w.subscriptions.put(sub(22, { time: '05:00' })); // 4.5 h late
    await w.run();
    expect(photos(21)).toHaveLength(1);
    expect(photos(22)).toHaveLength(0);
    expect((await w.deliveries.get('tg:22|2026-11-24'))!.state).toBe('skipped');
    clock.now = new Date('2026-11-24T12:00:00Z');
    await w.run();
    expect(photos(22)).toHaveLength(0);
  });

  test('GIVEN a restart after the briefing went out THEN no second copy; GIVEN a claim left by a crash THEN it is sent once', async () => {
    const clock = { now: new Date('2026-11-24T08:01:00Z') };
    const first = await world({ clock });
    await first.subscriptions.put(sub(31));
    await first.subscriptions.put(sub(32));
    await first.deliveries.claim('tg:32|2026-11-24', clock.now); // crashed after claiming, before sending
    await first.subscriptions.put(sub(33));
    await first.run();
    expect([photos(31), photos(32), photos(33)].map((p) => p.length)).toEqual([1, 1, 1]);
    await first.store.close();
    stores.splice(stores.indexOf(first.store), 1);
    clock.now = new Date('2026-11-24T08:30:00Z');
    const second = await world({ dataDir: first.dataDir, clock });
    await second.run();
    expect([photos(31), photos(32), photos(33)].map((p) => p.length)).toEqual([1, 1, 1]);
  });

  test('GIVEN a 429 storm THEN every subscriber gets exactly one briefing', async () => {
    const clock = { now: new Date('2026-11-24T08:00:30Z') };
    const w = await world({ clock });
    const ids = Array.from({ length: 20 }, (_, i) => 4100 + i);
    for (const id of ids) await w.subscriptions.put(sub(id));
    fake.fail('sendPhoto', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 }, 8);
    await w.run();
    expect(ids.map((id) => photos(id).length)).toEqual(ids.map(() => 1));
    expect(fake.calls.filter((c) => c.method === 'sendPhoto' && c.status === 429 && ids.includes(Number(c.params.chat_id))).length).toBe(8);
  }, 30_000);

  test('GIVEN a chat that blocked the bot THEN it is marked and skipped, not retried forever; others are unaffected', async () => {
    const clock = { now: new Date('2026-11-24T08:00:30Z') };
    const w = await world({ clock });
    await w.subscriptions.put(sub(51));
    await w.subscriptions.put(sub(52));
    fake.fail('sendPhoto', { status: 403, description: 'Forbidden: bot was blocked by the user', chatId: 51 });
    await w.run();
    expect(photos(52)).toHaveLength(1);
    expect((await w.subscriptions.get('tg:51'))!.status).toBe('blocked');
    expect((await w.deliveries.get('tg:51|2026-11-24'))!.state).toBe('failed');
    clock.now = new Date('2026-11-25T08:00:30Z');
    await w.run();
    expect(fake.calls.filter((c) => c.method === 'sendPhoto' && Number(c.params.chat_id) === 51)).toHaveLength(1);
    expect(photos(52)).toHaveLength(2);
  });

  test('GIVEN many chats in two languages THEN the chart renders twice, uploads twice, and everyone else gets it by file_id', async () => {
    const clock = { now: new Date('2026-11-24T08:00:30Z') };
    const w = await world({ clock });
    const ids = Array.from({ length: 12 }, (_, i) => 6100 + i);
    for (const [i, id] of ids.entries()) {
      await w.subscriptions.put(sub(id));
      if (i % 2) await w.settings.set(`tg:${id}`, { lang: 'zh' });
    }
    await w.run();
    expect(ids.map((id) => photos(id).length)).toEqual(ids.map(() => 1));
    expect(w.renderer.stats.renders).toBe(2);
    expect(w.sender.uploads).toBe(2);
    expect(String(photos(6101)[0]!.params.caption)).toMatch(CJK);
    expect(String(photos(6100)[0]!.params.caption)).not.toMatch(CJK);
  });

  test('GIVEN an admin with a Chinese client subscribes a chat with no language set THEN the briefings are Chinese', async () => {
    const clock = { now: new Date('2026-11-24T07:00:00Z') };
    const w = await world({ clock });
    const ctx = await makeContext({ dataset: dataset(), settings: w.settings, subscriptions: w.subscriptions, chatId: 'tg:-6200', platform: 'telegram', platformLocale: 'zh-hans', now: clock.now });
    const confirmed = await execute('/subscribe 08:00 UTC daily', ctx);
    expect(confirmed.ok && confirmed.answer.text).toMatch(/^已订阅/);
    expect(await w.settings.get('tg:-6200')).not.toHaveProperty('lang');
    clock.now = new Date('2026-11-24T08:00:30Z');
    await w.run();
    expect(photos(-6200)).toHaveLength(1);
    expect(String(photos(-6200)[0]!.params.caption)).toMatch(/^<b>.*早报/);
  });

  test('GIVEN weekdays THEN no briefing on Saturday', async () => {
    const clock = { now: new Date('2026-11-28T08:00:30Z') }; // a Saturday
    const w = await world({ clock });
    await w.subscriptions.put(sub(71, { days: 'weekdays' }));
    await w.run();
    expect(photos(71)).toHaveLength(0);
  });
});
