/**
 * One briefing delivery attempt, shared by the in-process broadcaster and the BullMQ workers:
 * claim the (chat, local date) record, build the chat's /brief, wait for the pace, send, record.
 * A gone chat is settled and its subscription paused; anything else is thrown, to be retried.
 */
import type { Logger } from 'pino';
import { makeContext } from '../commands/context.js';
import { execute, type Outcome } from '../commands/run.js';
import type { BriefingMemo, CommandContext, SettingsStore } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';
import { DeliveryLog, platformOf, targetOf, type PlatformName, type Subscription, type SubscriptionStore } from './store.js';

export interface BriefingSender {
  /** Sends; throws. `unreachable(err)` tells a gone chat from a passing failure. */
  send(target: string, outcome: Outcome, ctx: CommandContext): Promise<void>;
  unreachable(err: unknown): boolean;
  perSecond: number;
}

export interface Job {
  key: string;
  localDate: string;
  sub: Subscription;
}

export interface DeliveryDeps {
  dataset: Dataset;
  settings: SettingsStore;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryLog;
  senders: Partial<Record<PlatformName, BriefingSender>>;
  logger: Logger;
  clock?: () => Date;
}

export type Result = 'sent' | 'settled' | 'unreachable' | 'no-sender';

export class BriefingDelivery {
  private readonly clock: () => Date;
  constructor(readonly deps: DeliveryDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** One attempt; `pace` is awaited just before sending. Throws what should be retried. */
  async attempt(job: Job, pace: () => Promise<void> = async () => undefined): Promise<{ result: Result; attempt: number }> {
    const { key, sub } = job;
    const platform = platformOf(sub.chatId);
    const sender = platform ? this.deps.senders[platform] : undefined;
    if (!platform || !sender) return { result: 'no-sender', attempt: 0 };
    const attempt = await this.deps.deliveries.claim(key, this.clock());
    if (attempt === null) return { result: 'settled', attempt: 0 };
    try {
      const lastBriefing = await this.deps.deliveries.lastBriefing(sub.chatId);
      const ctx = await makeContext({
        dataset: this.deps.dataset,
        settings: this.deps.settings,
        chatId: sub.chatId,
        platform,
        // The chat's language if it set one, else the language its subscriber asked in.
        platformLocale: sub.lang,
        now: this.clock(),
        override: { timezone: sub.zone },
        lastBriefing,
      });
      const outcome = await execute('/brief', ctx, { onUnexpected: (err) => this.deps.logger.error({ err, chat: sub.chatId }, 'briefing failed to build') });
      await pace();
      await sender.send(targetOf(sub.chatId), outcome, ctx);
      await this.deps.deliveries.settle(key, 'sent', this.clock());
      // What this briefing showed, so the next one says what is new (or that nothing is).
      const memo = outcome.ok ? (outcome.answer.figures.memo as BriefingMemo | undefined) : undefined;
      if (memo) await this.deps.deliveries.remember(sub.chatId, memo).catch((err) => this.deps.logger.warn({ err, chat: sub.chatId }, 'briefing: memo not saved'));
      return { result: 'sent', attempt };
    } catch (err) {
      if (!sender.unreachable(err)) throw Object.assign(err as object, { attempt });
      this.deps.logger.warn({ err, chat: sub.chatId }, 'briefing: chat unreachable; subscription paused');
      await this.deps.deliveries.settle(key, 'failed', this.clock(), 'unreachable');
      await this.deps.subscriptions.block(sub.chatId, String((err as Error).message ?? err));
      return { result: 'unreachable', attempt };
    }
  }

  /** After the last retry: the day's briefing is recorded as failed. */
  async giveUp(job: Job, err: unknown): Promise<void> {
    this.deps.logger.error({ err, chat: job.sub.chatId, date: job.localDate }, 'briefing: giving up');
    await this.deps.deliveries.settle(job.key, 'failed', this.clock(), String((err as Error)?.message ?? err)).catch(() => undefined);
  }
}
