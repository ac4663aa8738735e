/** Helpers for long-running processes (the bot, workers). */
import type { Config } from '../config.js';

/** Every secret the configuration holds, for the log scrubber. */
export function secretsOf(c: Config): Array<string | undefined> {
  return [c.TELEGRAM_BOT_TOKEN, c.TELEGRAM_WEBHOOK_SECRET, c.DISCORD_TOKEN, c.FRED_API_KEY, c.REDIS_URL ? new URL(c.REDIS_URL).password : undefined];
}

/** Resolves with the name of the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
