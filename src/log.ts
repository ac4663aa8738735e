/**
 * Structured logs (pino). Every line passes through one scrubber that replaces each configured
 * secret (bot tokens, API keys) and anything shaped like a Telegram bot token, so no code path can
 * leak one, whatever it logs.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const TELEGRAM_TOKEN = /\b\d{5,}:[A-Za-z0-9_-]{30,}\b/g;
/** Discord interaction and webhook tokens travel in URL paths (…/interactions/<id>/<token>/…). */
const DISCORD_URL_TOKEN = /((?:interactions|webhooks)\/\d+\/)[A-Za-z0-9._-]{20,}/g;

export function scrubber(secrets: Array<string | undefined>): (s: string) => string {
  const list = secrets.filter((x): x is string => typeof x === 'string' && x.length >= 6);
  return (s) => {
    let out = s;
    for (const secret of list) out = out.split(secret).join('[redacted]');
    return out.replace(TELEGRAM_TOKEN, '[redacted]').replace(DISCORD_URL_TOKEN, '$1[redacted]');
  };
}

export function createLogger(o: { level?: string; secrets?: Array<string | undefined>; destination?: DestinationStream } = {}): Logger {
  const scrub = scrubber(o.secrets ?? []);
  return pino(
    {
      level: o.level ?? 'info',
      base: { app: 'carrybot' },
      hooks: { streamWrite: scrub },
      serializers: { err: pino.stdSerializers.err },
    },
    o.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
