/**
 * "Send to chat" from the studio inside Telegram: POST /studio/api/share {initData, line}.
 *
 * initData is Telegram's signed launch string: the server checks its HMAC-SHA256 against the bot
 * token (key = HMAC-SHA256("WebAppData", token); https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app)
 * and that auth_date is at most 24 hours old. Only then is the line parsed and validated like typed
 * input, and the answer (text and chart) sent to the user's private chat with the bot.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Limits, type Verdict } from '../bots/limits.js';
import { makeContext, MemorySettings } from '../commands/context.js';
import { execute, MAX_LINE, type Outcome } from '../commands/run.js';
import type { Dataset } from '../data/dataset.js';
import { langFromLocale } from '../i18n/index.js';

export const INIT_DATA_MAX_AGE_SECONDS = 24 * 60 * 60;

export interface TelegramUser {
  id: number;
  language_code?: string;
}

export type InitDataCheck =
  | { ok: true; user: TelegramUser; authDate: Date }
  | { ok: false; reason: 'missing' | 'malformed' | 'signature' | 'expired' | 'no-user' };

/** Checks Telegram's signature over initData and its age. Never throws. */
export function checkInitData(raw: unknown, botToken: string, o: { now?: Date; maxAgeSeconds?: number } = {}): InitDataCheck {
  if (typeof raw !== 'string' || raw === '') return { ok: false, reason: 'missing' };
  if (raw.length > 4096) return { ok: false, reason: 'malformed' };
  const params = new URLSearchParams(raw);
  const hash = params.get('hash');
  if (!hash || !/^[0-9a-f]{64}$/i.test(hash)) return { ok: false, reason: 'malformed' };
  const check = [...params.entries()]
    .filter(([k]) => k !== 'hash')
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const expected = createHmac('sha256', secret).update(check).digest();
  if (!timingSafeEqual(expected, Buffer.from(hash, 'hex'))) return { ok: false, reason: 'signature' };
  const authSeconds = Number(params.get('auth_date'));
  if (!Number.isInteger(authSeconds) || authSeconds <= 0) return { ok: false, reason: 'malformed' };
  const now = (o.now ?? new Date()).getTime() / 1000;
  const age = now - authSeconds;
  if (age > (o.maxAgeSeconds ?? INIT_DATA_MAX_AGE_SECONDS) || age < -300) return { ok: false, reason: 'expired' };
  let user: TelegramUser | null = null;
  try {
    const u = JSON.parse(params.get('user') ?? 'null') as Partial<TelegramUser> | null;
    if (u && Number.isSafeInteger(u.id)) user = { id: u.id!, ...(typeof u.language_code === 'string' ? { language_code: u.language_code } : {}) };
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!user) return { ok: false, reason: 'no-user' };
  return { ok: true, user, authDate: new Date(authSeconds * 1000) };
}

/** Signs initData as Telegram would (for tests and local tools): fields → "k=v&…&hash=…". */
export function signInitData(fields: Record<string, string>, botToken: string): string {
  const check = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .sort()
    .join('\n');
  const secret = createHmac('sha256', 'WebAppData').update(botToken).digest();
  const hash = createHmac('sha256', secret).update(check).digest('hex');
  return new URLSearchParams({ ...fields, hash }).toString();
}

export interface ShareOptions {
  botToken: string;
  dataset: Dataset;
  /** Sends an answer to a Telegram chat (in the bot: its TelegramSender; see telegramShareSender). */
  send(chatId: number, outcome: Outcome): Promise<void>;
  /** Per-user limit; 'ok' lets a share through. Default: 5 at once, 10 a minute. */
  limit?(key: string): Verdict;
  now?: () => Date;
  onError?(err: unknown): void;
}

const MAX_BODY = 16 * 1024;

function reply(res: ServerResponse, status: number, body: Record<string, unknown>): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

/** The body as text, or null past MAX_BODY (the rest is drained unread, so the 413 still reaches the client). */
async function readBody(req: IncomingMessage): Promise<string | null> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > MAX_BODY) {
    req.resume();
    return null;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY) chunks.push(chunk as Buffer);
  }
  return size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8');
}

/** Default per-user limit for shares: a small bucket (each share is a photo in the user's chat). */
export function shareLimiter(o: { burst: number; perMinute: number } = { burst: 5, perMinute: 10 }): (key: string) => Verdict {
  const limits = new Limits(o);
  return (key) => limits.take(key);
}

/** POST /studio/api/share. 401 for missing, forged or expired initData (nothing is sent). */
export function shareHandler(o: ShareOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const limit = o.limit ?? shareLimiter();
  return async (req, res) => {
    try {
      if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) return reply(res, 415, { error: 'expected application/json' });
      const text = await readBody(req);
      if (text === null) return reply(res, 413, { error: 'body too large' });
      let body: { initData?: unknown; line?: unknown; lang?: unknown; preset?: unknown };
      try {
        body = JSON.parse(text) as typeof body;
      } catch {
        return reply(res, 400, { error: 'invalid JSON' });
      }
      if (!body || typeof body !== 'object') return reply(res, 400, { error: 'invalid body' });
      const auth = checkInitData(body.initData, o.botToken, { now: o.now?.() });
      if (!auth.ok) return reply(res, 401, { error: 'unauthorized', reason: auth.reason });
      if (limit(`tg:${auth.user.id}`) !== 'ok') {
        res.setHeader('retry-after', '30');
        return reply(res, 429, { error: 'too many requests' });
      }
      if (typeof body.line !== 'string' || body.line.length > MAX_LINE) return reply(res, 400, { error: 'line must be a command line' });
      const lang = body.lang === 'en' || body.lang === 'zh' ? body.lang : (langFromLocale(auth.user.language_code) ?? 'en');
      const preset = body.preset === 'observed' || body.preset === 'article' ? body.preset : undefined;
      const ctx = await makeContext({
        dataset: o.dataset,
        settings: new MemorySettings(),
        chatId: `tg:${auth.user.id}`,
        platform: 'telegram',
        override: { lang, ...(preset ? { preset } : {}) },
        ...(o.now ? { now: o.now() } : {}),
      });
      const outcome = await execute(body.line, ctx, { onUnexpected: (err) => o.onError?.(err) });
      if (!outcome.ok) return reply(res, 400, { error: outcome.error.code, message: outcome.error.message });
      await o.send(auth.user.id, outcome);
      return reply(res, 200, { ok: true, command: outcome.command });
    } catch (err) {
      o.onError?.(err);
      if (!res.headersSent) reply(res, 502, { error: 'could not send' });
    }
  };
}

/**
 * A share sender on its own grammY Api (for `carrybot studio` and tests); inside the bot, pass the
 * Telegram adapter's sender instead so charts share its file_id cache.
 */
export async function telegramShareSender(o: { token: string; apiRoot?: string }): Promise<(chatId: number, outcome: Outcome) => Promise<void>> {
  const [{ Api }, { TelegramSender }, { ChartRenderer }, { createLogger }] = await Promise.all([
    import('grammy'),
    import('../bots/telegram/sender.js'),
    import('../charts/renderer.js'),
    import('../log.js'),
  ]);
  const api = new Api(o.token, o.apiRoot ? { apiRoot: o.apiRoot } : undefined);
  const sender = new TelegramSender(api, new ChartRenderer(), createLogger({ level: 'warn', secrets: [o.token] }));
  return (chatId, outcome) => sender.send(chatId, outcome, 'light');
}
