/** Process configuration from the environment, validated once at start-up. */
import { z } from 'zod';
import { LIMIT_DEFAULTS } from './bots/limits.js';
import { presetName } from './data/schema.js';
import { langs } from './i18n/index.js';

const optionalText = z
  .string()
  .trim()
  .transform((s) => (s === '' ? undefined : s))
  .optional();

const emptyAsUnset = (v: unknown) => (v === '' ? undefined : v);

const schema = z.object({
  DATA_DIR: z.string().trim().min(1).default('./var'),
  REDIS_URL: optionalText.pipe(z.url().optional()),
  /** Key prefix in Redis for state and queues (one per deployment). */
  REDIS_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default('carrybot'),
  /** With REDIS_URL: also run a briefing worker inside the bot process (extra ones: `carrybot worker`). */
  BRIEFING_WORKER: z.enum(['on', 'off']).default('on'),
  BRIEFING_LOCK_SECONDS: z.coerce.number().min(1).max(600).default(30),
  DISCORD_TOKEN: optionalText,
  DISCORD_API_BASE_URL: optionalText.pipe(z.url().optional()),
  DISCORD_GUILD_ID: optionalText,
  /** 'auto' (Discord's recommendation, all in this process) or the total number of shards. */
  DISCORD_SHARDS: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(10_000)]).default('auto'),
  /** With a numeric DISCORD_SHARDS: the ids this process runs, e.g. "0,1" (default: all). */
  DISCORD_SHARD_IDS: optionalText.pipe(z.string().regex(/^\d+(,\d+)*$/).optional()),
  TELEGRAM_BOT_TOKEN: optionalText,
  TELEGRAM_API_ROOT: optionalText.pipe(z.url().optional()),
  /** Webhook mode (both set): Telegram POSTs updates to this URL, signed with the secret. */
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url().optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, 'letters, digits, _ and - only (Telegram secret_token)').optional()),
  /** The bot's public https base URL: enables the studio's "Open studio" buttons (Telegram Mini Apps need https). */
  PUBLIC_URL: optionalText.pipe(z.url().refine((u) => u.startsWith('https://'), 'must be an https URL (Telegram opens Mini Apps over https only)').optional()),
  PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).default(8080)),
  WEBHOOK_HOST: z.string().default('0.0.0.0'),
  FRED_API_KEY: optionalText,
  FRED_API_BASE_URL: z.url().default('https://api.stlouisfed.org/fred'),
  /** Key-free sources (mirrors, test doubles): FRED's graph CSV, the Treasury yield curve, the BOJ and BIS APIs. */
  FRED_GRAPH_BASE_URL: optionalText.pipe(z.url().default('https://fred.stlouisfed.org/graph')),
  TREASURY_BASE_URL: optionalText.pipe(z.url().default('https://home.treasury.gov/resource-center/data-chart-center/interest-rates')),
  BOJ_API_BASE_URL: optionalText.pipe(z.url().default('https://www.stat-search.boj.or.jp/api/v1')),
  BIS_API_BASE_URL: optionalText.pipe(z.url().default('https://stats.bis.org/api/v1')),
  /** Override the MOF files named in data/series/sources.json (e.g. a mirror or a test double). */
  MOF_JGB_CSV_URL: optionalText.pipe(z.url().optional()),
  MOF_JGB_CSV_CURRENT_URL: optionalText.pipe(z.url().optional()),
  DATA_REFRESH: z.enum(['on', 'off']).default('on'),
  /** A running bot refreshes at least this often (and after each source's release time, and before briefings). */
  DATA_REFRESH_MINUTES: z.preprocess(emptyAsUnset, z.coerce.number().int().min(5).max(24 * 60).default(60)),
  RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(1000).default(LIMIT_DEFAULTS.user.burst),
  RATE_LIMIT_PER_MINUTE: z.coerce.number().min(1).max(10_000).default(LIMIT_DEFAULTS.user.perMinute),
  CHAT_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(10_000).default(LIMIT_DEFAULTS.chat.burst),
  CHAT_RATE_LIMIT_PER_MINUTE: z.coerce.number().min(1).max(100_000).default(LIMIT_DEFAULTS.chat.perMinute),
  BRIEFING_GRACE_MINUTES: z.coerce.number().int().min(0).max(24 * 60).default(120),
  BRIEFING_TICK_SECONDS: z.coerce.number().min(0.2).max(600).default(20),
  /** A fired threshold alert re-arms once the value is back this far across its line (bp). */
  ALERT_HYSTERESIS_BP: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(200).default(10)),
  /** Meeting reminders go out from this local time on the day before (HH:MM). */
  ALERT_REMIND_AT: z.preprocess(emptyAsUnset, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/).default('09:00')),
  TELEGRAM_BROADCAST_PER_SECOND: z.coerce.number().positive().max(30).default(29),
  DISCORD_BROADCAST_PER_SECOND: z.coerce.number().positive().max(50).default(20),
  /** Chart-rendering threads (default: one per core); 0 draws on the main thread. */
  CHART_THREADS: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(64).optional()),
  /** Serve GET /health on 127.0.0.1:HEALTH_PORT (off when unset). */
  HEALTH_PORT: z.preprocess(emptyAsUnset, z.coerce.number().int().min(0).max(65535).optional()),
  HEALTH_HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CARRYBOT_LANG: z.enum(langs).optional(),
  CARRYBOT_PRESET: presetName.optional(),
  /** A fixed "now" for `ask` and `data` (tests, replays): an ISO date-time. Unset: the clock. */
  CARRYBOT_NOW: optionalText.pipe(z.iso.datetime({ offset: true }).optional()),
});

export type Config = z.infer<typeof schema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema
    .refine((c) => Boolean(c.TELEGRAM_WEBHOOK_URL) === Boolean(c.TELEGRAM_WEBHOOK_SECRET), {
      message: 'set both TELEGRAM_WEBHOOK_URL and TELEGRAM_WEBHOOK_SECRET for webhook mode, or neither',
      path: ['TELEGRAM_WEBHOOK_SECRET'],
    })
    .safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`configuration: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
