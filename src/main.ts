/**
 * Composition root: `carrybot` (start whatever has credentials, else the console),
 * `carrybot ask "<command line>" [--lang en|zh] [--preset observed|article] [--out DIR] [--json]`.
 */
import { parseArgs } from 'node:util';
import { ask, toJson } from './cli/ask.js';
import { runConsole } from './bots/console.js';
import { autoRetry } from '@grammyjs/auto-retry';
import { Api } from 'grammy';
import { startDiscord } from './bots/discord/index.js';
import { TelegramSender } from './bots/telegram/sender.js';
import { Limits } from './bots/limits.js';
import { Broadcaster, type BriefingSender } from './briefings/broadcaster.js';
import { BriefingDelivery } from './briefings/delivery.js';
import { QueuedFanout, startWorkers } from './briefings/queue.js';
import { Scheduler } from './briefings/scheduler.js';
import { discordBriefings, telegramBriefings } from './bots/briefing-senders.js';
import { DeliveryLog, SubscriptionStore, type PlatformName } from './briefings/store.js';
import type { Running } from './bots/running.js';
import { startTelegram } from './bots/telegram/index.js';
import { ChartRenderer } from './charts/renderer.js';
import type { Dataset } from './data/dataset.js';
import { startHealth } from './health.js';
import { createLogger } from './log.js';
import { KeyvSettings } from './state/settings.js';
import { openStore } from './state/store.js';
import { formatter } from './commands/format.js';
import type { ChatSettings } from './commands/types.js';
import { loadConfig, type Config } from './config.js';
import { Refresher, refreshConfig, scheduleRefresh } from './data/refresh.js';
import type { Lang } from './i18n/index.js';
import { daysBetween } from './model/dates.js';
import { nextOccurrence } from './model/schedule.js';
import { loadDataset } from './data/dataset.js';

const USAGE = `usage:
  carrybot                      start the bot (an interactive console when no platform token is set)
  carrybot ask "<command>" [--lang en|zh] [--preset observed|article] [--theme light|dark] [--out DIR] [--json]
  carrybot data refresh         fetch new observations (FRED with FRED_API_KEY, the MOF JGB files) into DATA_DIR
  carrybot data status          each series' last observation, where it came from, and whether it is stale
  carrybot worker               a briefing worker on the shared queue (needs REDIS_URL, TELEGRAM_BOT_TOKEN)`;

class UsageError extends Error {}

function parseOverride(values: { lang?: string; preset?: string; theme?: string }, base: ChatSettings): ChatSettings {
  const o: ChatSettings = { ...base };
  if (values.lang !== undefined) {
    if (values.lang !== 'en' && values.lang !== 'zh') throw new UsageError(`--lang must be en or zh, not "${values.lang}"`);
    o.lang = values.lang;
  }
  if (values.preset !== undefined) {
    if (values.preset !== 'observed' && values.preset !== 'article') throw new UsageError(`--preset must be observed or article, not "${values.preset}"`);
    o.preset = values.preset;
  }
  if (values.theme !== undefined) {
    if (values.theme !== 'light' && values.theme !== 'dark') throw new UsageError(`--theme must be light or dark, not "${values.theme}"`);
    o.theme = values.theme;
  }
  return o;
}

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const processIo = (): Io => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

/** Returns the exit code (also set on process.exitCode when running as the process). */
/** Every secret the configuration holds, for the log scrubber. */
function secretsOf(c: Config): Array<string | undefined> {
  return [c.TELEGRAM_BOT_TOKEN, c.TELEGRAM_WEBHOOK_SECRET, c.DISCORD_TOKEN, c.FRED_API_KEY, c.REDIS_URL ? new URL(c.REDIS_URL).password : undefined];
}

/** Resolves with the name of the first SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}

/** `carrybot worker`: a briefing worker process on the shared Redis queue, until SIGTERM/SIGINT. */
async function workerCommand(config: Config, dataset: Dataset, renderer: ChartRenderer): Promise<number> {
  if (!config.REDIS_URL) throw new UsageError('worker needs REDIS_URL (the shared queue and state)');
  if (!config.TELEGRAM_BOT_TOKEN) throw new UsageError('worker needs TELEGRAM_BOT_TOKEN to send briefings');
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const store = await openStore({ dataDir: config.DATA_DIR, redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX });
  const api = new Api(config.TELEGRAM_BOT_TOKEN, config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {});
  api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 300 }));
  const senders = { telegram: telegramBriefings(new TelegramSender(api, renderer, logger), config.TELEGRAM_BROADCAST_PER_SECOND) };
  if (config.DISCORD_TOKEN) logger.warn('worker: Discord briefings are sent by the bot process that holds the gateway session');
  const workers = startWorkers({
    redisUrl: config.REDIS_URL,
    prefix: config.REDIS_PREFIX,
    delivery: new BriefingDelivery({ dataset, settings: new KeyvSettings(store), subscriptions: new SubscriptionStore(store), deliveries: new DeliveryLog(store), senders, logger }),
    perSecond: { telegram: config.TELEGRAM_BROADCAST_PER_SECOND },
    lockMs: config.BRIEFING_LOCK_SECONDS * 1000,
    logger,
  });
  logger.info({ pid: process.pid }, 'briefing worker started');
  logger.info({ signal: await untilSignal() }, 'worker shutting down');
  await workers.close();
  await store.close();
  return 0;
}

/** `carrybot data refresh|status`. */
async function dataCommand(action: string | undefined, config: Config, dataset: Dataset, lang: Lang, io: Io): Promise<number> {
  const fmt = formatter(lang);
  const t = fmt.t;
  if (action === 'status') {
    const today = new Date().toISOString().slice(0, 10);
    for (const [id, info] of Object.entries(dataset.seriesInfo)) {
      const last = dataset.series(id).at(-1);
      if (!last) {
        io.stdout.write(`${id}: ${t('data.none')}; ${info.source}\n`);
        continue;
      }
      const refreshed = dataset.refreshed(id)?.date === last.date;
      io.stdout.write(
        `${fmt.tidy(
          t('data.statusLine', {
            id,
            date: last.date,
            value: fmt.num(last.value),
            origin: t(refreshed ? 'data.origin.refreshed' : 'data.origin.shipped'),
            freshness: t(daysBetween(last.date, today) > info.staleAfterDays ? 'data.freshness.stale' : 'data.freshness.fresh'),
            source: info.source,
          }),
        )}\n`,
      );
    }
    return 0;
  }
  if (action === 'refresh') {
    const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, secrets: secretsOf(config) });
    if (!config.FRED_API_KEY) io.stdout.write(`${t('data.noFredKey')}\n`);
    const results = await new Refresher(dataset, refreshConfig(config, dataset), logger).refresh();
    for (const r of results) {
      io.stdout.write(
        `${fmt.tidy(r.ok ? t('data.refreshed', { id: r.id, added: r.added, date: r.last ?? '—' }) : t('data.failed', { id: r.id, error: r.error ?? '', date: r.last ?? '—' }))}\n`,
      );
    }
    return results.every((r) => r.ok) ? 0 : 1;
  }
  throw new UsageError('data takes refresh or status');
}

/** Starts every adapter that has credentials; with none, the console. Resolves when they stop. */
async function serve(config: Config, deps: { dataset: Dataset; renderer: ChartRenderer; override: ChatSettings; outDir: string }, io: Io): Promise<number> {
  const logger = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const store = await openStore({ dataDir: config.DATA_DIR, redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX });
  logger.debug({ store: store.describe() }, 'state store open');
  const settings = new KeyvSettings(store);
  const subscriptions = new SubscriptionStore(store);
  const running: Running[] = [];
  const senders: Partial<Record<PlatformName, BriefingSender>> = {};
  try {
    const limits = new Limits({ burst: config.RATE_LIMIT_BURST, perMinute: config.RATE_LIMIT_PER_MINUTE });
    const chatLimits = new Limits({ burst: config.CHAT_RATE_LIMIT_BURST, perMinute: config.CHAT_RATE_LIMIT_PER_MINUTE });
    const common = { dataset: deps.dataset, settings, subscriptions, renderer: deps.renderer, logger, limits, chatLimits };
    if (config.TELEGRAM_BOT_TOKEN) {
      const webhook =
        config.TELEGRAM_WEBHOOK_URL && config.TELEGRAM_WEBHOOK_SECRET
          ? { url: config.TELEGRAM_WEBHOOK_URL, secret: config.TELEGRAM_WEBHOOK_SECRET, port: config.PORT, host: config.WEBHOOK_HOST }
          : undefined;
      const telegram = await startTelegram({ ...common, token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT }, {}, webhook);
      senders.telegram = telegramBriefings(telegram.sender, config.TELEGRAM_BROADCAST_PER_SECOND);
      running.push(telegram);
    }
    if (config.DISCORD_TOKEN) {
      const total = config.DISCORD_SHARDS;
      const sharding =
        total === 'auto' ? ('auto' as const) : { total, ids: config.DISCORD_SHARD_IDS ? config.DISCORD_SHARD_IDS.split(',').map(Number) : Array.from({ length: total }, (_, i) => i) };
      const discord = await startDiscord({ ...common, token: config.DISCORD_TOKEN, apiBase: config.DISCORD_API_BASE_URL, guildId: config.DISCORD_GUILD_ID, sharding });
      senders.discord = discordBriefings(discord.sender, config.DISCORD_BROADCAST_PER_SECOND);
      running.push(discord);
    }
    if (running.length === 0) {
      await runConsole({
        dataset: deps.dataset,
        settings,
        input: io.stdin,
        output: io.stdout,
        override: deps.override,
        renderer: deps.renderer,
        outDir: deps.outDir,
        onUnexpected: (err) => logger.error({ err }, 'console command failed'),
      });
      return 0;
    }
    const deliveries = new DeliveryLog(store);
    const platforms = Object.keys(senders) as PlatformName[];
    // One process: an in-memory paced queue. Several (REDIS_URL): BullMQ, with workers anywhere.
    const queued = config.REDIS_URL ? new QueuedFanout({ redisUrl: config.REDIS_URL, prefix: config.REDIS_PREFIX, platforms, logger }) : null;
    const workers =
      config.REDIS_URL && config.BRIEFING_WORKER === 'on'
        ? startWorkers({
            redisUrl: config.REDIS_URL,
            prefix: config.REDIS_PREFIX,
            delivery: new BriefingDelivery({ ...common, deliveries, senders }),
            perSecond: Object.fromEntries(platforms.map((p) => [p, senders[p]!.perSecond])),
            lockMs: config.BRIEFING_LOCK_SECONDS * 1000,
            logger,
          })
        : null;
    const broadcaster = queued ?? new Broadcaster({ ...common, deliveries, senders });
    const scheduler = new Scheduler({
      subscriptions,
      deliveries,
      broadcaster,
      platforms: new Set(platforms),
      logger,
      graceMs: config.BRIEFING_GRACE_MINUTES * 60_000,
    });
    scheduler.start(config.BRIEFING_TICK_SECONDS * 1000);
    const names = Object.keys(senders);
    const health =
      config.HEALTH_PORT !== undefined
        ? await startHealth(config.HEALTH_PORT, { dataset: deps.dataset, startedAt: new Date(), adapters: () => Object.fromEntries(running.map((r, i) => [names[i] ?? `adapter${i}`, r.state()])) }, config.HEALTH_HOST)
        : null;
    if (health) logger.info({ port: health.port }, 'health endpoint listening');
    const refresh =
      config.DATA_REFRESH === 'on'
        ? scheduleRefresh(new Refresher(deps.dataset, refreshConfig(config, deps.dataset), logger), { logger, nextBriefing: () => nextBriefing(subscriptions) })
        : null;
    logger.info({ signal: await untilSignal() }, 'shutting down');
    await health?.close();
    await refresh?.stop();
    await scheduler.stop();
    if (broadcaster instanceof Broadcaster) await broadcaster.stop();
    await workers?.close();
    await queued?.close();
    await Promise.all(running.map((r) => r.stop()));
    return 0;
  } finally {
    await store.close();
  }
}

export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const code = await run(argv, io);
  if (io.stdout === process.stdout) process.exitCode = code;
  return code;
}

async function run(argv: string[], io: Io): Promise<number> {
  try {
    const config = loadConfig(io.env);
    const base: ChatSettings = { lang: config.CARRYBOT_LANG, preset: config.CARRYBOT_PRESET };
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        preset: { type: 'string' },
        theme: { type: 'string' },
        out: { type: 'string', default: './out' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const override = Object.fromEntries(Object.entries(parseOverride(values, base)).filter(([, v]) => v !== undefined)) as ChatSettings;
    const dataset = loadDataset(undefined, { overlayDir: config.DATA_DIR });
    const renderer = new ChartRenderer();
    const [verb, ...rest] = positionals;
    if (verb === 'data') return await dataCommand(rest[0], config, dataset, override.lang ?? 'en', io);
    if (verb === 'worker') return await workerCommand(config, dataset, renderer);
    if (verb === 'ask') {
      if (rest.length === 0) throw new UsageError('ask needs a command line, e.g. carrybot ask "/carry 1.5"');
      const { outcome, shown, chartPath } = await ask(rest.join(' '), { dataset, override, renderer, outDir: values.out, stderr: io.stderr });
      if (values.json) io.stdout.write(`${JSON.stringify(toJson(outcome, shown, chartPath))}\n`);
      else {
        io.stdout.write(`${shown.text}\n`);
        if (chartPath) io.stdout.write(`${formatter(outcome.lang).t('chart.saved', { path: chartPath })}\n`);
      }
      return !outcome.ok && outcome.error.code === 'internal' ? 1 : 0;
    }
    if (verb !== undefined) throw new UsageError(`unknown command "${verb}"`);
    return await serve(config, { dataset, renderer, override, outDir: values.out }, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`carrybot: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`carrybot: ${(err as Error).message}\n`);
    return 1;
  }
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
