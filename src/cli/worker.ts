/** `carrybot worker`: a briefing worker process on the shared Redis queue. */
import { Api } from 'grammy';
import { discordBriefings, telegramBriefings } from '../bots/briefing-senders.js';
import { DiscordRestSender } from '../bots/discord/sender.js';
import { TelegramSender } from '../bots/telegram/sender.js';
import { installTransport } from '../bots/telegram/transport.js';
import { AlertStore } from '../alerts/store.js';
import { BriefingDelivery } from '../briefings/delivery.js';
import { sharedPacer, startWorkers } from '../briefings/queue.js';
import type { BriefingSender } from '../briefings/delivery.js';
import { DeliveryLog, SubscriptionStore, type PlatformName } from '../briefings/store.js';
import type { ChartRenderer } from '../charts/renderer.js';
import type { Config } from '../config.js';
import type { Dataset } from '../data/dataset.js';
import { watchDataset } from '../data/schedule.js';
import { createLogger } from '../log.js';
import { FallbackSettings, StateOutage } from '../state/fallback.js';
import { KeyvSettings } from '../state/settings.js';
import { openStore } from '../state/store.js';
import { secretsOf, untilSignal } from './process.js';
import { UsageError } from './usage.js';

/** `carrybot worker`: a briefing worker process on the shared Redis queue, until SIGTERM/SIGINT. */
export async function workerCommand(config: Config, dataset: Dataset, renderer: ChartRenderer): Promise<number> {
  if (!config.REDIS_URL) throw new UsageError('worker needs REDIS_URL (the shared queue and state)');
  if (!config.TELEGRAM_BOT_TOKEN && !config.DISCORD_TOKEN) throw new UsageError('worker needs TELEGRAM_BOT_TOKEN and/or DISCORD_TOKEN to send briefings');
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const store = await openStore({ dataDir: config.DATA_DIR, redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  const senders: Partial<Record<PlatformName, BriefingSender>> = {};
  // The windows every worker and the bot share in Redis; Telegram paces each call right before it leaves.
  const shared = sharedPacer({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  if (config.TELEGRAM_BOT_TOKEN) {
    const api = new Api(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {});
    installTransport(api, { maxRetryAttempts: 6, pacing: { pacer: shared.pacer, perSecond: config.TELEGRAM_BROADCAST_PER_SECOND, prefix: shared.keys } });
    senders.telegram = telegramBriefings(new TelegramSender(api, renderer, logger), config.TELEGRAM_BROADCAST_PER_SECOND, true);
  }
  if (config.DISCORD_TOKEN) {
    senders.discord = discordBriefings(new DiscordRestSender(config.DISCORD_TOKEN, config.DISCORD_API_BASE_URL, renderer, logger), config.DISCORD_BROADCAST_PER_SECOND);
  }
  // The first briefing waits for no thread start or font loading: they happen now.
  void renderer.warm().catch((err) => logger.debug({ err }, 'charts: warm-up did not finish'));
  const workers = startWorkers({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    delivery: new BriefingDelivery({
      dataset,
      settings: new FallbackSettings(new KeyvSettings(store), new StateOutage(logger)),
      subscriptions: new SubscriptionStore(store),
      alerts: new AlertStore(store, config.ALERT_HYSTERESIS_BP / 100),
      deliveries: new DeliveryLog(store),
      senders,
      logger,
    }),
    perSecond: Object.fromEntries(Object.entries(senders).map(([p, sender]) => [p, sender.perSecond])),
    lockMs: config.BRIEFING_LOCK_SECONDS * 1000,
    pacer: shared.pacer,
    logger,
  });
  // Briefings use the data the bot's (or anyone's) refresh stored, picked up within the minute.
  const watch = watchDataset(dataset, { logger });
  logger.info({ pid: process.pid }, 'briefing worker started');
  logger.info({ signal: await untilSignal() }, 'worker shutting down');
  watch.stop();
  await workers.close();
  shared.close();
  await store.close();
  await renderer.close();
  return 0;
}
