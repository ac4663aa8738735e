/** Helpers for long-running processes (the bot, workers). */
import type { Config } from '../config.js';

/** A URL's password as written in the URL (percent-encoded) and as sent to the server (decoded). */
export function passwordForms(url: string | undefined): string[] {
  if (!url) return [];
  try {
    const encoded = new URL(url).password;
    if (!encoded) return [];
    let decoded = encoded;
    try {
      decoded = decodeURIComponent(encoded);
    } catch {
      // A malformed escape: the encoded form is all there is.
    }
    return [...new Set([encoded, decoded])];
  } catch {
    return [];
  }
}

/** Every secret the configuration holds, for the log scrubber. */
export function secretsOf(c: Config): Array<string | undefined> {
  return [c.TELEGRAM_BOT_TOKEN, c.TELEGRAM_WEBHOOK_SECRET, c.DISCORD_TOKEN, c.FRED_API_KEY, ...passwordForms(c.REDIS_URL)];
}

/** Resolves with the name of the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
}
