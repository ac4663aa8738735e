/**
 * How every Bot API call leaves this process, in one place for the bot, the briefing workers and
 * the benchmark: paced through the shared sliding windows right before the request (30/s overall,
 * 1/s per chat, 20/min per group; pacing.ts), then retried on 429 and 5xx by auto-retry *around*
 * the pacing, so a retry waits its turn like any other message. Pacing at the call — not when a
 * briefing starts — means a message that first waited for its chart or for another send's upload
 * takes its slot when it really goes, and a long answer's second message is paced too. Replies
 * wait ahead of broadcast sends (`bulkMark`), so answering someone never queues behind the morning.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import type { Api, Transformer } from 'grammy';
import { rulesFor, type Pacer } from '../../briefings/pacing.js';

export interface TelegramPacing {
  pacer: Pacer;
  perSecond: number;
  /** Window key prefix: `${REDIS_PREFIX}:pace` when the windows live in Redis, else 'pace'. */
  prefix: string;
}

/**
 * Marks a call's options as part of a broadcast (briefings, alerts): its pacing waits in the bulk
 * lane, behind replies. A symbol key, so it reaches this transformer through grammY's payload but
 * is never serialized into the request.
 */
export const BULK = Symbol('carrybot.bulk');
export const bulkMark: { readonly [BULK]: true } = Object.freeze({ [BULK]: true as const });

const SENDS = new Set(['sendMessage', 'sendPhoto', 'sendMediaGroup', 'sendDocument', 'sendAnimation', 'copyMessage', 'forwardMessage', 'editMessageMedia', 'editMessageText', 'editMessageCaption']);

/** A grammY transformer that waits for the windows before each message-sending call (others pass straight through). */
export function telegramPacing(pacer: Pacer, perSecond: number, prefix = 'pace'): Transformer {
  return async (prev, method, payload, signal) => {
    const p = payload as { chat_id?: unknown; [BULK]?: true } | undefined;
    const chat = p?.chat_id;
    if (!SENDS.has(method) || (typeof chat !== 'number' && typeof chat !== 'string')) return prev(method, payload, signal);
    const grant = await pacer.take(rulesFor('telegram', String(chat), perSecond, prefix), p?.[BULK] ? 'bulk' : 'reply');
    try {
      return await prev(method, payload, signal);
    } finally {
      // Answered (or failed): Telegram has counted it by now, so the windows count it from here.
      await grant.sent();
    }
  };
}

export function installTransport(api: Api, o: { maxRetryAttempts: number; pacing?: TelegramPacing | undefined }): void {
  // grammY wraps later transformers around earlier ones: pacing first is the innermost, next to fetch.
  if (o.pacing) api.config.use(telegramPacing(o.pacing.pacer, o.pacing.perSecond, o.pacing.prefix));
  api.config.use(autoRetry({ maxRetryAttempts: o.maxRetryAttempts, maxDelaySeconds: 300 }));
}
