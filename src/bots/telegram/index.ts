/** Starts the Telegram adapter with long polling through the grammY runner. */
import { run, type RunnerHandle } from '@grammyjs/runner';
import { createTelegramBot, registerCommands, type TelegramDeps } from './bot.js';
import type { TelegramSender } from './sender.js';

import type { Running } from '../running.js';

export async function startTelegram(deps: TelegramDeps, polling: { timeout?: number } = {}): Promise<Running & { sender: TelegramSender }> {
  const { bot, sender } = createTelegramBot(deps);
  await bot.init();
  try {
    await registerCommands(bot);
  } catch (err) {
    deps.logger.warn({ err }, 'telegram: setMyCommands failed; commands still work');
  }
  const handle: RunnerHandle = run(bot, {
    runner: { fetch: { timeout: polling.timeout ?? 30, allowed_updates: ['message', 'inline_query', 'callback_query', 'my_chat_member'] }, retryInterval: 'exponential', maxRetryTime: 15 * 60_000 },
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
