/**
 * Telegram webhook mode: Telegram POSTs each update to TELEGRAM_WEBHOOK_URL; any number of
 * instances can serve it behind a load balancer (state is in the shared store). Requests without the
 * right X-Telegram-Bot-Api-Secret-Token are refused (401); only POST at the URL's path is served.
 */
import { webhookCallback, type Bot } from 'grammy';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';

export interface WebhookOptions {
  url: string;
  secret: string;
  port: number;
  host?: string;
}

export async function serveWebhook(bot: Bot, o: WebhookOptions, log: Logger): Promise<{ port: number; close(): Promise<void> }> {
  const path = new URL(o.url).pathname;
  // Answer Telegram within its window even if a chart takes longer; the update keeps running.
  const handle = webhookCallback(bot, 'http', { secretToken: o.secret, onTimeout: 'return', timeoutMilliseconds: 8000 });
  const server = createServer((req, res) => {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      return res.end('not found');
    }
    handle(req, res).catch((err: unknown) => {
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
