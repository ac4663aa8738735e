/**
 * The platform failing under a broadcast: the fake Bot API, and the fake Discord REST API, answering
 * 5xx, then hanging for 60 s. The bot keeps its state, retries with backoff, and catches up with
 * every briefing exactly once.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discordBriefings, telegramBriefings } from '../../src/bots/briefing-senders.js';
import { DiscordRestSender } from '../../src/bots/discord/sender.js';
import { TelegramSender } from '../../src/bots/telegram/sender.js';
import { Broadcaster } from '../../src/briefings/broadcaster.js';
import { Scheduler } from '../../src/briefings/scheduler.js';
import { DeliveryLog, SubscriptionStore } from '../../src/briefings/store.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore } from '../../src/state/store.js';
import { FakeDiscord } from '../fakes/discord.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { dataset } from '../helpers.js';

const HANG_MS = Number(process.env.CARRYBOT_TEST_HANG_MS ?? 60_000);
const fake = new FakeTelegram();
let apiRoot: string;
beforeAll(async () => {
  apiRoot = await fake.start();
});
afterAll(() => fake.close());

async function world(chats: number[]) {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-platform-')) });
  const subscriptions = new SubscriptionStore(store);
  for (const id of chats) await subscriptions.put({ chatId: `tg:${id}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: '2026-01-01T00:00:00Z' });
  const bot = new Bot('555:AAE_platform-test-token_abcdefghijklmnop', { client: { apiRoot }, botInfo: fake.botInfo });
  bot.api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 300 }));
  const renderer = new ChartRenderer();
  const deliveries = new DeliveryLog(store);
  const clock = () => new Date('2026-11-24T08:00:30Z');
  const broadcaster = new Broadcaster({
    dataset: dataset(),
    settings: new KeyvSettings(store),
    subscriptions,
    deliveries,
    senders: { telegram: telegramBriefings(new TelegramSender(bot.api, renderer, silentLogger()), 29) },
    logger: silentLogger(),
    clock,
    backoffMs: 500,
  });
  const scheduler = new Scheduler({ subscriptions, deliveries, broadcaster, platforms: new Set(['telegram']), logger: silentLogger(), clock });
  return { store, deliveries, broadcaster, scheduler, renderer };
}

const perChat = (chats: number[]) => {
  const m = new Map<number, number>();
  for (const c of fake.ok('sendPhoto')) if (chats.includes(Number(c.params.chat_id))) m.set(Number(c.params.chat_id), (m.get(Number(c.params.chat_id)) ?? 0) + 1);
  return chats.map((id) => m.get(id) ?? 0);
};

describe('fault: the platform fails under a broadcast', () => {
  test('GIVEN the Bot API answers 502 twice in a row THEN every briefing goes out once after retries, and the records say sent', async () => {
    const chats = Array.from({ length: 16 }, (_, i) => 71_000 + i);
    const w = await world(chats);
    fake.fail('sendPhoto', { status: 502, description: 'Bad Gateway' }, 2);
    await w.scheduler.tick();
    await w.broadcaster.idle();
    await w.scheduler.tick(); // a second pass finds nothing to send
    await w.broadcaster.idle();
    expect(fake.calls.filter((c) => c.method === 'sendPhoto' && c.status === 502).length).toBe(2);
    expect(perChat(chats)).toEqual(chats.map(() => 1));
    for (const id of chats) expect((await w.deliveries.get(DeliveryLog.key(`tg:${id}`, '2026-11-24')))?.state).toBe('sent');
    await w.store.close();
    await w.renderer.close();
  }, 120_000);

  test('GIVEN the Bot API hangs for 60 s THEN nothing is sent twice and every briefing is out once it answers again', async () => {
    const chats = Array.from({ length: 12 }, (_, i) => 72_000 + i);
    const w = await world(chats);
    fake.hold('sendPhoto');
    await w.scheduler.tick();
    const idle = w.broadcaster.idle();
    await new Promise((r) => setTimeout(r, HANG_MS));
    await w.scheduler.tick(); // passes during the hang must not enqueue the same briefings again
    expect(fake.heldCount).toBeGreaterThan(0);
    fake.release('sendPhoto');
    await idle;
    await w.scheduler.tick();
    await w.broadcaster.idle();
    expect(perChat(chats)).toEqual(chats.map(() => 1));
    await w.store.close();
    await w.renderer.close();
  }, HANG_MS + 120_000);
});

const discord = new FakeDiscord();
let discordApi: string;
beforeAll(async () => {
  discordApi = await discord.start();
});
afterAll(() => discord.close());

/** Discord briefings as `carrybot worker` sends them: over REST (discord.js' REST client and its retries). */
async function discordWorld(channels: string[]) {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-platform-dc-')) });
  const subscriptions = new SubscriptionStore(store);
  for (const id of channels) await subscriptions.put({ chatId: `dc:${id}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: '2026-01-01T00:00:00Z' });
  const renderer = new ChartRenderer();
  const deliveries = new DeliveryLog(store);
  const clock = () => new Date('2026-11-24T08:00:30Z');
  const sender = new DiscordRestSender('MTA4.platform-test.discord-token-abcdefghij', discordApi, renderer, silentLogger());
  const broadcaster = new Broadcaster({ dataset: dataset(), settings: new KeyvSettings(store), subscriptions, deliveries, senders: { discord: discordBriefings(sender, 20) }, logger: silentLogger(), clock, backoffMs: 500 });
  const scheduler = new Scheduler({ subscriptions, deliveries, broadcaster, platforms: new Set(['discord']), logger: silentLogger(), clock });
  return { store, deliveries, broadcaster, scheduler, renderer };
}

describe('fault: Discord fails under a broadcast', () => {
  test('GIVEN the REST API answers 502 and 503 THEN every channel gets its briefing once after retries, and the records say sent', async () => {
    const channels = Array.from({ length: 10 }, (_, i) => String(510_000_000_000_000_000n + BigInt(i)));
    const w = await discordWorld(channels);
    discord.postFaults.push(502, 503, 502, 500);
    await w.scheduler.tick();
    await w.broadcaster.idle();
    await w.scheduler.tick(); // a second pass finds nothing to send
    await w.broadcaster.idle();
    expect(discord.postFaults).toEqual([]);
    expect(channels.map((id) => discord.delivered.get(id) ?? 0)).toEqual(channels.map(() => 1));
    for (const id of channels) expect((await w.deliveries.get(DeliveryLog.key(`dc:${id}`, '2026-11-24')))?.state).toBe('sent');
    await w.store.close();
    await w.renderer.close();
  }, 120_000);

  test('GIVEN the REST API hangs for 60 s THEN nothing is posted twice and every channel has its briefing once it answers again', async () => {
    const channels = Array.from({ length: 8 }, (_, i) => String(520_000_000_000_000_000n + BigInt(i)));
    const w = await discordWorld(channels);
    discord.holdPosts();
    await w.scheduler.tick();
    const idle = w.broadcaster.idle();
    await new Promise((r) => setTimeout(r, HANG_MS));
    await w.scheduler.tick(); // passes during the hang must not enqueue the same briefings again
    expect(discord.heldPosts).toBeGreaterThan(0);
    discord.release();
    await idle;
    await w.scheduler.tick();
    await w.broadcaster.idle();
    expect(channels.map((id) => discord.delivered.get(id) ?? 0)).toEqual(channels.map(() => 1));
    for (const id of channels) expect((await w.deliveries.get(DeliveryLog.key(`dc:${id}`, '2026-11-24')))?.state).toBe('sent');
    await w.store.close();
    await w.renderer.close();
  }, HANG_MS + 180_000);
});
