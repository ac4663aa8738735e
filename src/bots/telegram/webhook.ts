/**
 * Telegram webhook mode: Telegram POSTs each update to TELEGRAM_WEBHOOK_URL; any number of
 * instances can serve it behind a load balancer (state is in the shared store). Requests without the
 * right X-Telegram-Bot-Api-Secret-Token are refused (401); only POST at the URL's path is served.
 * The body is read only after the secret matched, and never past MAX_BODY: a larger one is refused
 * with 413 as soon as its size is known; malformed JSON gets 400.
 */
import { webhookCallback, type Bot } from 'grammy';
import type { Update } from 'grammy/types';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export interface WebhookOptions {
  url: string;
  secret: string;
  port: number;
  host?: string;
}

/** Telegram's updates are a few KB; 1 MB is far beyond any real one. */
export const MAX_BODY = 1_000_000;

class BodyError extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/** The JSON body, read chunk by chunk and given up on at `max` bytes (nothing beyond is kept). */
function readJson(req: IncomingMessage, max: number): Promise<Update> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.reject(new BodyError(413, `body of ${declared} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) {
        req.off('data', onData);
        chunks.length = 0;
        reject(new BodyError(413, `body over ${max} bytes`));
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('error', reject);
    req.once('end', () => {
      if (size > max) return;
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')) as Update);
      } catch {
        reject(new BodyError(400, 'malformed JSON'));
      }
    });
  });
}

/** grammY's Node adapter, with the body read by `readJson` and only once the secret matched. */
const adapter = (req: IncomingMessage, res: ServerResponse) => ({
  get update() {
    return readJson(req, MAX_BODY);
  },
  header: ([] as Array<string | undefined>).concat(req.headers['x-telegram-bot-api-secret-token'])[0],
  end: () => res.end(),
  respond: (json: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(json),
  unauthorized: () => res.writeHead(401, { 'content-type': 'application/json' }).end('"unauthorized"'),
});

export async function serveWebhook(bot: Bot, o: WebhookOptions, log: Logger): Promise<{ port: number; close(): Promise<void> }> {
  const path = new URL(o.url).pathname;
  // Answer Telegram within its window even if a chart takes longer; the update keeps running.
  const handle = webhookCallback(bot, adapter, { secretToken: o.secret, onTimeout: 'return', timeoutMilliseconds: 8000 }) as (req: IncomingMessage, res: ServerResponse) => Promise<void>;
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    handle(req, res).catch((err: unknown) => {
      if (err instanceof BodyError) {
        log.warn({ status: err.status, reason: err.message }, 'telegram webhook: request refused');
        if (!res.headersSent) res.writeHead(err.status, { 'content-type': 'text/plain', connection: 'close' }).end(err.status === 413 ? 'payload too large' : 'bad request');
        // Whatever is still coming is not read: the connection closes once the answer is out.
        if (err.status === 413) res.once('finish', () => req.destroy());
        return;
      }
      log.error({ err }, 'telegram webhook: update failed');
      if (!res.headersSent) res.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host ?? '0.0.0.0', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
