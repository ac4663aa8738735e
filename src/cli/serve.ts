/** `carrybot`: every adapter that has credentials, the briefing scheduler and fan-out; else the console. */
import { runConsole } from '../bots/console.js';
import { Limits } from '../bots/limits.js';
import type { Running } from '../bots/running.js';
import { Broadcaster, type BriefingSender } from '../briefings/broadcaster.js';
import { BriefingDelivery } from '../briefings/delivery.js';
import { discordBuckets, Pacer } from '../briefings/pacing.js';
import { Scheduler } from '../briefings/scheduler.js';
import { DeliveryLog, SubscriptionStore, type PlatformName } from '../briefings/store.js';
import type { ChartRenderer } from '../charts/renderer.js';
import type { ChatSettings } from '../commands/types.js';
import type { Config } from '../config.js';
import type { Dataset } from '../data/dataset.js';
import { Refresher, refreshConfig } from '../data/refresh.js';
import { scheduleRefresh, watchDataset } from '../data/schedule.js';
import { staleHint } from './data.js';
import { startHealth } from '../health.js';
import { createLogger, silentLogger } from '../log.js';
import { formatter } from '../commands/format.js';
import type { Io } from '../main.js';
import { nextOccurrence } from '../model/schedule.js';
import { AlertStore } from '../alerts/store.js';
import { AlertWatcher } from '../alerts/watch.js';
import { FallbackSettings, GuardedAlerts, GuardedSubscriptions, StateOutage } from '../state/fallback.js';
import { KeyvSettings } from '../state/settings.js';
import { openStore } from '../state/store.js';
import { secretsOf, untilSignal } from './process.js';
import type { TelegramSender } from '../bots/telegram/sender.js';
import type { Logger } from '../log.js';

/** Starts every adapter that has credentials; with none, the console. Resolves when they stop. */
export async function serve(config: Config, deps: { dataset: Dataset; renderer: ChartRenderer; override: ChatSettings; outDir: string }, io: Io): Promise<number> {
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const store = await openStore({ dataDir: config.DATA_DIR, redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger });
  logger.debug({ store: store.describe() }, 'state store open');
  // While the store is away, commands answer from what this process knows; changes are refused.
  const outage = new StateOutage(logger);
  const settings = new FallbackSettings(new KeyvSettings(store), outage);
  const subscriptions = new SubscriptionStore(store);
  const alerts = new AlertStore(store, config.ALERT_HYSTERESIS_BP / 100);
  /** New data (this process' refresh or another's): alerts look at it at once. */
  let onNewData = (): void => undefined;
  const running: Running[] = [];
  const senders: Partial<Record<PlatformName, BriefingSender>> = {};
  let telegramSender: TelegramSender | null = null;
  let discordClient: import('discord.js').Client | undefined;
  let closePacer = (): void => undefined;
  try {
    const limits = new Limits({ burst: config.RATE_LIMIT_BURST, perMinute: config.RATE_LIMIT_PER_MINUTE });
    const chatLimits = new Limits({ burst: config.CHAT_RATE_LIMIT_BURST, perMinute: config.CHAT_RATE_LIMIT_PER_MINUTE });
    const common = { dataset: deps.dataset, settings, subscriptions: new GuardedSubscriptions(subscriptions, outage), alerts: new GuardedAlerts(alerts, outage), renderer: deps.renderer, logger, limits, chatLimits, ...(config.PUBLIC_URL ? { publicUrl: config.PUBLIC_URL } : {}) };
    // One pacer for everything this process sends on the platforms: its windows in Redis when
    // configured (shared with every worker process), else in memory. Telegram paces each Bot API
    // call right before the request (interactive replies and briefings share the budget).
    const queue = config.REDIS_URL && (config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN) ? await import('../briefings/queue.js') : null;
    const shared = config.REDIS_URL && queue ? queue.sharedPacer({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, logger }) : null;
    const pacer = shared?.pacer ?? new Pacer();
    closePacer = () => shared?.close();
    const paceKeys = shared?.keys ?? 'pace';
    // A bot on a platform draws its first chart at start-up, not while its first user waits.
    if (config.TELEGRAM_BOT_TOKEN || config.DISCORD_TOKEN) void deps.renderer.warm().catch((err) => logger.debug({ err }, 'charts: warm-up did not finish'));
    if (config.TELEGRAM_BOT_TOKEN) {
      const webhook =
        config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
          ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET, port: config.PORT, host: config.WEBHOOK_HOST }
          : undefined;
      const { startTelegram } = await import('../bots/telegram/index.js');
      const { telegramBriefings } = await import('../bots/briefing-senders.js');
      const pacing = { pacer, perSecond: config.TELEGRAM_BROADCAST_PER_SECOND, prefix: paceKeys };
      const telegram = await startTelegram({ ...common, token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT, pacing }, {}, webhook);
      senders.telegram = telegramBriefings(telegram.sender, config.TELEGRAM_BROADCAST_PER_SECOND, true);
      telegramSender = telegram.sender;
      running.push(telegram);
    }
    if (config.DISCORD_TOKEN) {
      const total = config.DISCORD_SHARDS;
      const sharding =
        total === 'auto' ? ('auto' as const) : { total, ids: config.DISCORD_SHARD_IDS ? config.DISCORD_SHARD_IDS.split(',').map(Number) : Array.from({ length: total }, (_, i) => i) };
      const { startDiscord } = await import('../bots/discord/index.js');
      const { discordBriefings } = await import('../bots/briefing-senders.js');
      const discord = await startDiscord({ ...common, token: config.DISCORD_TOKEN, apiBase: config.DISCORD_API_BASE_URL, guildId: config.DISCORD_GUILD_ID, sharding });
      senders.discord = discordBriefings(discord.sender, config.DISCORD_BROADCAST_PER_SECOND);
      discordClient = discord.client;
      running.push(discord);
    }
    // Another process's `carrybot data refresh` is picked up within the minute, without a restart.
    const watch = watchDataset(deps.dataset, { logger, onChange: () => onNewData() });
    if (running.length === 0) {
      const lang = deps.override.lang ?? 'en';
      // Offline, answers come from shipped data: one line says how to refresh.
      const hint = staleHint(deps.dataset, lang);
      if (hint) io.stdout.write(`${hint}\n`);
      // The console keeps itself current too: a refresh in the background at start, then on the
      // schedule; a line says when newer data arrived (later answers use it).
      let notice: (line: string) => void = () => undefined;
      let inFlight = false;
      const refresh =
        config.DATA_REFRESH === 'on'
          ? scheduleRefresh(new Refresher(deps.dataset, refreshConfig(config, deps.dataset), silentLogger()), {
              dataset: deps.dataset,
              logger: silentLogger(),
              everyMinutes: config.DATA_REFRESH_MINUTES,
              fredApiKey: config.FRED_API_KEY,
              onRefreshed: (report) => {
                if (report.changed) notice(refreshedLine(deps.dataset, lang));
              },
            })
          : null;
      if (refresh) {
        inFlight = true;
        void refresh.tick().finally(() => (inFlight = false));
      }
      await runConsole({
        dataset: deps.dataset,
        settings,
        input: io.stdin,
        output: io.stdout,
        override: deps.override,
        renderer: deps.renderer,
        outDir: deps.outDir,
        notices: (show) => (notice = show),
        onUnexpected: (err) => logger.error({ err }, 'console command failed'),
      });
      watch.stop();
      await refresh?.stop();
      // A refresh still waiting on the network must not keep the process after the user left.
      if (inFlight) exitSoon();
      return 0;
    }
    const deliveries = new DeliveryLog(store);
    const platforms = Object.keys(senders) as PlatformName[];
    // One process: an in-memory paced queue. Several (REDIS_URL): BullMQ, with workers anywhere.
    const queued = config.REDIS_URL && queue ? new queue.QueuedFanout({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, platforms, logger }) : null;
    // Discord's empty buckets, seen by the gateway client's REST, hold the channel for every sender.
    if (discordClient) {
      const watch = discordBuckets(pacer, paceKeys);
      discordClient.rest.on('response', (req, res) => watch(req.route, res.headers));
    }
    const workers =
      config.REDIS_URL && queue && config.BRIEFING_WORKER === 'on'
        ? queue.startWorkers({
            redisUrl: config.REDIS_URL,
            prefix: config.REDIS_PREFIX,
            delivery: new BriefingDelivery({ ...common, subscriptions, alerts, deliveries, senders }),
            perSecond: Object.fromEntries(platforms.map((p) => [p, senders[p]!.perSecond])),
            lockMs: config.BRIEFING_LOCK_SECONDS * 1000,
            pacer,
            logger,
          })
        : null;
    const broadcaster = queued ?? new Broadcaster({ ...common, subscriptions, alerts, deliveries, senders, pacer });
    const scheduler = new Scheduler({
      subscriptions,
      deliveries,
      broadcaster,
      platforms: new Set(platforms),
      logger,
      graceMs: config.BRIEFING_GRACE_MINUTES * 60_000,
    });
    scheduler.start(config.BRIEFING_TICK_SECONDS * 1000);
    // Alerts share the briefings' store, delivery records and fan-out.
    const watcher = new AlertWatcher({ alerts, deliveries, fanout: broadcaster, dataset: deps.dataset, settings, platforms: new Set(platforms), logger, remindAt: config.ALERT_REMIND_AT });
    watcher.start(config.BRIEFING_TICK_SECONDS * 1000);
    onNewData = () => void watcher.tick().catch((err) => logger.error({ err }, 'alerts: pass after new data failed'));
    const names = Object.keys(senders);
    const studio = webhookMode(config) ? null : await serveStudio(config, deps.dataset, telegramSender, logger);
    const health =
      config.HEALTH_PORT !== undefined
        ? await startHealth(config.HEALTH_PORT, { dataset: deps.dataset, startedAt: new Date(), adapters: () => Object.fromEntries(running.map((r, i) => [names[i] ?? `adapter${i}`, r.state()])), charts: () => ({ ...deps.renderer.stats, cached: deps.renderer.cached.entries }) }, config.HEALTH_HOST)
        : null;
    if (health) logger.info({ port: health.port }, 'health endpoint listening');
    const refresh =
      config.DATA_REFRESH === 'on'
        ? scheduleRefresh(new Refresher(deps.dataset, refreshConfig(config, deps.dataset), logger), {
            dataset: deps.dataset,
            logger,
            everyMinutes: config.DATA_REFRESH_MINUTES,
            fredApiKey: config.FRED_API_KEY,
            nextBriefing: () => nextBriefing(subscriptions),
            onRefreshed: () => onNewData(),
          })
        : null;
    logger.info({ signal: await untilSignal() }, 'shutting down');
    const stopped = await within(SHUTDOWN_MS, async () => {
      await health?.close();
      await studio?.close();
      await refresh?.stop();
      watch.stop();
      await scheduler.stop();
      await watcher.stop();
      if (broadcaster instanceof Broadcaster) await broadcaster.stop();
      await workers?.close();
      await queued?.close();
      await Promise.all(running.map((r) => r.stop()));
      await deps.renderer.close();
    });
    if (!stopped) logger.warn({ afterMs: SHUTDOWN_MS }, 'shutdown: still stopping; exiting without waiting further');
    // A request the platform never answers keeps a socket, and so the process, alive: leave it.
    exitSoon();
    return 0;
  } finally {
    closePacer();
    await store.close();
  }
}

/** "Data updated: newest observation 1 Dec 2026." */
function refreshedLine(dataset: Dataset, lang: 'en' | 'zh'): string {
  const fmt = formatter(lang);
  const f = dataset.presets.observed.figures;
  return fmt.t('data.refreshedConsole', { date: fmt.date(f.us10y.asOf > f.jp10y.asOf ? f.us10y.asOf : f.jp10y.asOf) });
}

/** How long a graceful stop may take before the process leaves anyway (SIGTERM to exit ≤ 10 s). */
const SHUTDOWN_MS = 7000;

/** Whether `work` finished within `ms`. */
async function within(ms: number, work: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([work().then(() => true), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/** Ends the process shortly after main returns its code, whatever sockets are still open. */
function exitSoon(): void {
  setTimeout(() => process.exit(), 1500).unref();
}

/** When the earliest active subscription's next briefing is due. */
async function nextBriefing(subscriptions: SubscriptionStore): Promise<Date | null> {
  const now = new Date();
  let first: Date | null = null;
  for (const sub of await subscriptions.all()) {
    if (sub.status !== 'active') continue;
    const at = nextOccurrence(sub, now).at.toJSDate();
    if (!first || at < first) first = at;
  }
  return first;
}

const webhookMode = (c: Config): boolean => Boolean(c.TELEGRAM_BOT_TOKEN && c.TELEGRAM_WEBHOOK_URL && c.TELEGRAM_WEBHOOK_SECRET);

/**
 * The what-if studio on PORT (GET /studio, POST /studio/api/share) when the webhook does not hold
 * that port. A port already in use is logged, not fatal: the bot itself does not need the studio.
 */
async function serveStudio(config: Config, dataset: Dataset, sender: TelegramSender | null, logger: Logger): Promise<{ close(): Promise<void> } | null> {
  const { startStudio } = await import('../studio/server.js');
  const share =
    config.TELEGRAM_BOT_TOKEN && sender
      ? { botToken: config.TELEGRAM_BOT_TOKEN, dataset, send: (chatId: number, outcome: Parameters<TelegramSender['send']>[1]) => sender.send(chatId, outcome, 'light'), onError: (err: unknown) => logger.error({ err }, 'studio share failed') }
      : null;
  try {
    const studio = await startStudio(config.PORT, config.WEBHOOK_HOST, { dataset, share });
    logger.info({ port: studio.port }, 'studio listening at /studio');
    return studio;
  } catch (err) {
    logger.warn({ err, port: config.PORT }, 'studio not served: port unavailable');
    return null;
  }
}
