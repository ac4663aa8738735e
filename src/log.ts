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

/** Each secret as it may appear in a JSON log line: raw and with JSON's escapes. */
function forms(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1)])];
}

export function scrubber(secrets: Array<string | undefined>): (s: string) => string {
  // Longest first, so a secret that contains another is replaced whole.
  const list = [...new Set(secrets.filter((x): x is string => typeof x === 'string' && x.length >= 3).flatMap(forms))].sort((a, b) => b.length - a.length);
  return (s) => {
    let out = s;
    for (const secret of list) out = out.split(secret).join('[redacted]');
    return out.replace(TELEGRAM_TOKEN, '[redacted]').replace(DISCORD_URL_TOKEN, '$1[redacted]');
  };
}

/**
 * Errors as pino serializes them, less the arguments of the command they carry: ioredis attaches
 * `command: {name, args}` to a reply error, and an AUTH failure's args are the credentials.
 */
export function redactedErr(err: unknown): unknown {
  const out = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
  const command = out?.['command'];
  if (command && typeof command === 'object' && 'args' in command) {
    out['command'] = { ...(command as object), args: '[redacted]' };
  }
  return out;
}

export function createLogger(o: { level?: string; secrets?: Array<string | undefined>; destination?: DestinationStream } = {}): Logger {
  const scrub = scrubber(o.secrets ?? []);
  return pino(
    {
      level: o.level ?? 'info',
      base: { app: 'carrybot' },
      hooks: { streamWrite: scrub },
      serializers: { err: redactedErr },
    },
    o.destination ?? pino.destination(2),
  );
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
