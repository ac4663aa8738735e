/** Starts the Telegram adapter with long polling through the grammY runner. */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { createTelegramBot, type TelegramDeps } from './bot.js';
import { registerCommands } from './menu.js';
import type { TelegramSender } from './sender.js';
import { serveWebhook, type WebhookOptions } from './webhook.js';

import type { Running } from '../running.js';

const ALLOWED_UPDATES = ['message', 'inline_query', 'callback_query', 'my_chat_member'] as const;

export async function startTelegram(
  deps: TelegramDeps,
  polling: { timeout?: number } = {},
  webhook?: WebhookOptions,
): Promise<Running & { sender: TelegramSender; port?: number }> {
  const { bot, sender } = createTelegramBot(deps);
  await bot.init();
  try {
    await registerCommands(bot);
  } catch (err) {
    deps.logger.warn({ err }, 'telegram: setMyCommands failed; commands still work');
  }
  if (webhook) {
    await bot.api.setWebhook(webhook.url, { secret_token: webhook.secret, allowed_updates: [...ALLOWED_UPDATES] });
    const server = await serveWebhook(bot, webhook, deps.logger);
    deps.logger.info({ bot: bot.botInfo.username, port: server.port, path: new URL(webhook.url).pathname }, 'telegram: webhook');
    let up = true;
    return {
      sender,
      port: server.port,
      state: () => (up ? 'running' : 'stopped'),
      stop: async () => {
        up = false;
        await server.close();
      },
    };
  }
  const handle: RunnerHandle = run(bot, {
    runner: { fetch: { timeout: polling.timeout ?? 30, allowed_updates: [...ALLOWED_UPDATES] }, retryInterval: 'exponential', maxRetryTime: 15 * 60_000 },
    sink: { concurrency: 64 },
  });
  deps.logger.info({ bot: bot.botInfo.username }, 'telegram: polling');
  return {
    sender,
    state: () => (handle.isRunning() ? 'running' : 'stopped'),
    stop: async () => {
      if (handle.isRunning()) await handle.stop();
    },
  };
}
