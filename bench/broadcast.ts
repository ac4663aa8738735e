/**
 * 10,000 Telegram subscribers due in the same minute, against a fake Bot API on 127.0.0.1 that
 * allows 30 messages a second and answers 429 beyond: delivered exactly once, how long against the
 * platform minimum, how many renders and uploads, peak RSS. With `replyEveryMs`, someone writes to
 * the bot every so often during the broadcast: how long each reply waits for the shared window.
 */
import { Bot } from 'grammy';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeTelegram } from '../test/fakes/telegram.js';
import { arrivalSpan, steadyRate, summarize } from './stats.js';
import { telegramBriefings } from '../src/bots/briefing-senders.js';
import { TelegramSender } from '../src/bots/telegram/sender.js';
import { installTransport } from '../src/bots/telegram/transport.js';
import { Broadcaster } from '../src/briefings/broadcaster.js';
import { Pacer, PLATFORM_PER_SECOND } from '../src/briefings/pacing.js';
import { Scheduler } from '../src/briefings/scheduler.js';
import { DeliveryLog, SubscriptionStore } from '../src/briefings/store.js';
import { ChartRenderer } from '../src/charts/renderer.js';
import { loadConfig } from '../src/config.js';
import type { Dataset } from '../src/data/dataset.js';
import { silentLogger } from '../src/log.js';
import { KeyvSettings } from '../src/state/settings.js';
import { openStore } from '../src/state/store.js';

export async function benchBroadcast(dataset: Dataset, subscribers: number, o: { replyEveryMs?: number } = {}) {
  const fake = new FakeTelegram();
  fake.messagesPerSecond = PLATFORM_PER_SECOND.telegram;
  fake.recordCalls = false;
  const arrivals: number[] = [];
  fake.onCall = (method) => {
    if (method === 'sendPhoto') arrivals.push(performance.now());
  };
  const apiRoot = await fake.start();
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-bench-')) });
  const subscriptions = new SubscriptionStore(store);
  const settings = new KeyvSettings(store);
  const deliveries = new DeliveryLog(store);
  for (let i = 0; i < subscribers; i++) {
    await subscriptions.put({ chatId: `tg:${100_000 + i}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: '2026-01-01T00:00:00Z' });
    if (i % 2) await settings.set(`tg:${100_000 + i}`, { lang: 'zh' });
  }
  const bot = new Bot('555:AAE_bench-token_abcdefghijklmnopqrstuvwxy', { client: { apiRoot }, botInfo: fake.botInfo });
  const perSecond = loadConfig({}).TELEGRAM_BROADCAST_PER_SECOND;
  // As the bot does it: every Bot API call paced right before it leaves, retries included.
  const pacer = new Pacer();
  installTransport(bot.api, { maxRetryAttempts: 10, pacing: { pacer, perSecond, prefix: 'pace' } });
  const renderer = new ChartRenderer();
  const sender = new TelegramSender(bot.api, renderer, silentLogger());
  const clock = () => new Date('2026-11-24T08:00:30Z');
  const broadcaster = new Broadcaster({ dataset, settings, subscriptions, deliveries, senders: { telegram: telegramBriefings(sender, perSecond, true) }, logger: silentLogger(), clock, pacer });
  const scheduler = new Scheduler({ subscriptions, deliveries, broadcaster, platforms: new Set(['telegram']), logger: silentLogger(), clock });

  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const replyWaits: number[] = [];
  const replies: Array<Promise<unknown>> = [];
  let replyChat = 900_000;
  const replying = o.replyEveryMs
    ? setInterval(() => {
        const asked = performance.now();
        // A reply through the same Api and pacer, as the bot sends its answers (no bulk mark).
        replies.push(bot.api.sendMessage(replyChat++, 'answer').then(() => replyWaits.push(performance.now() - asked)));
      }, o.replyEveryMs)
    : undefined;
  const start = performance.now();
  await scheduler.tick();
  await broadcaster.idle();
  const seconds = (performance.now() - start) / 1000;
  clearInterval(replying);
  await Promise.all(replies);
  clearInterval(sampler);
  await scheduler.tick(); // a second pass must find nothing to send
  await broadcaster.idle();

  // Photos only: the replies are text messages.
  const counts = [...fake.delivered.values()];
  const result = {
    subscribers,
    delivered: counts.length,
    duplicates: counts.filter((n) => n > 1).length,
    missing: subscribers - counts.length,
    seconds,
    limit: PLATFORM_PER_SECOND.telegram,
    minimum: subscribers / PLATFORM_PER_SECOND.telegram,
    perSecond,
    limited429: fake.limited,
    steadyPerSecond: steadyRate(arrivals),
    span: arrivalSpan(arrivals, start),
    renders: renderer.stats.renders,
    uploads: sender.uploads,
    peakRss: peak,
    replies: summarize(replyWaits),
  };
  await store.close();
  await fake.close();
  return result;
}
