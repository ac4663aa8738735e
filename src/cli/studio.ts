/** `carrybot studio [--port N] [--host H]`: serves the what-if studio locally and prints its URL. */
import type { Config } from '../config.js';
import type { Dataset } from '../data/dataset.js';
import { createLogger } from '../log.js';
import type { Io } from '../main.js';
import { startStudio, type StudioOptions } from '../studio/server.js';
import { studioUrl } from '../studio/url.js';
import { secretsOf, untilSignal } from './process.js';
import { UsageError } from './usage.js';

/** Telegram "Send to chat" when a bot token is configured (the page shows the button inside Telegram only). */
export async function shareOptions(config: Config, dataset: Dataset, log: ReturnType<typeof createLogger>): Promise<StudioOptions['share']> {
  if (!config.TELEGRAM_BOT_TOKEN) return null;
  const { telegramShareSender } = await import('../studio/share.js');
  return {
    botToken: config.TELEGRAM_BOT_TOKEN,
    dataset,
    send: await telegramShareSender({ token: config.TELEGRAM_BOT_TOKEN, apiRoot: config.TELEGRAM_API_ROOT }),
    onError: (err) => log.error({ err }, 'studio share failed'),
  };
}

export async function studioCommand(config: Config, dataset: Dataset, flags: { port?: string; host?: string }, io: Io, until: () => Promise<string> = untilSignal): Promise<number> {
  const port = flags.port === undefined ? config.PORT : Number(flags.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a port number, not "${flags.port}"`);
  const host = flags.host ?? '127.0.0.1';
  const log = createLogger({ level: config.LOG_LEVEL, secrets: secretsOf(config) });
  const studio = await startStudio(port, host, { dataset, share: await shareOptions(config, dataset, log) });
  const pub = studioUrl(config.PUBLIC_URL);
  io.stdout.write(`CarryBot studio: ${studio.url}\n${pub ? `Public URL (PUBLIC_URL): ${pub}\n` : ''}Ctrl+C to stop.\n`);
  await until();
  await studio.close();
  return 0;
}
