/**
 * One delivery attempt, shared by the in-process broadcaster and the BullMQ workers, for the
 * morning briefing and for a fired alert alike: claim the key's record, build the chat's /brief (or
 * the alert's message), wait for the pace, send, record it sent. A gone chat is
 * settled, its subscription paused and its alerts disabled; anything else is thrown, to be retried.
 *
 * The two differ in one policy, for a process killed while its request is at the platform. A
 * briefing's claim is taken over and sent again: a missed morning briefing is worse than a rare
 * second copy. An alert is marked "sending" just before its request leaves and is then never sent
 * again by anyone: an alert repeated is the noise alerts must not make, so from that point it is at
 * most once (a process killed before the mark has sent nothing, and its claim is taken over).
 */
import type { Logger } from 'pino';
import { makeContext } from '../commands/context.js';
import { execute, type Outcome } from '../commands/run.js';
import type { BriefingMemo, CommandContext, SettingsStore } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';
import type { AlertEvent } from '../alerts/events.js';
import { alertOutcome } from '../alerts/message.js';
import type { AlertStore } from '../alerts/store.js';
import type { Grant } from './pacing.js';
import { DeliveryLog, platformOf, targetOf, type PlatformName, type Subscription, type SubscriptionStore } from './store.js';

export interface BriefingSender {
  /** Sends; throws. `unreachable(err)` tells a gone chat from a passing failure. */
  send(target: string, outcome: Outcome, ctx: CommandContext): Promise<void>;
  unreachable(err: unknown): boolean;
  perSecond: number;
  /** The sender paces each of its own calls just before the request (Telegram: transport.ts); the delivery's pace is skipped. */
  selfPaced?: boolean;
}

/** Who a message goes to: the chat, its zone, and the language to use while the chat has none set. */
export type Recipient = Pick<Subscription, 'chatId' | 'zone' | 'lang'>;

export interface Job {
  key: string;
  localDate: string;
  sub: Recipient;
  /** A fired alert (absent: the morning briefing). */
  alert?: AlertEvent;
}

export interface DeliveryDeps {
  dataset: Dataset;
  settings: SettingsStore;
  subscriptions: SubscriptionStore;
  /** Alerts: checked before an alert is sent (removed meanwhile: skipped) and disabled for a gone chat. */
  alerts?: AlertStore;
  deliveries: DeliveryLog;
  senders: Partial<Record<PlatformName, BriefingSender>>;
  logger: Logger;
  clock?: () => Date;
  /** How long to keep trying to record a sent briefing while the state store is away (default 15 min). */
  recordForMs?: number;
}

export type Result = 'sent' | 'settled' | 'unreachable' | 'no-sender';

export class BriefingDelivery {
  private readonly clock: () => Date;
  /**
   * Sent by this process but not yet recorded (the store was away when the platform answered):
   * never sent again from here, and recorded as soon as the store is back.
   */
  private readonly sentHere = new Set<string>();
  constructor(readonly deps: DeliveryDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /**
   * Marks a sent briefing, retrying while the store is unreachable: the message is out, so losing
   * this record is what would cause a second copy after the outage.
   */
  private async recordSent(key: string): Promise<void> {
    this.sentHere.add(key);
    const until = Date.now() + (this.deps.recordForMs ?? 15 * 60_000);
    for (let i = 0; ; i++) {
      try {
        await this.deps.deliveries.settle(key, 'sent', this.clock());
        this.sentHere.delete(key);
        return;
      } catch (err) {
        if (Date.now() > until) {
          this.deps.logger.error({ err, key }, 'briefing: sent, but the record could not be written');
          return;
        }
        if (i === 0) this.deps.logger.warn({ err, key }, 'briefing: sent; recording it when the state store answers again');
        await new Promise((r) => setTimeout(r, Math.min(250 * 2 ** i, 2000)));
      }
    }
  }

  /** One attempt; `pace` is awaited just before sending (unless the sender paces its own calls). Throws what should be retried. */
  async attempt(job: Job, pace: () => Promise<Grant | void> = async () => undefined): Promise<{ result: Result; attempt: number }> {
    const { key, sub } = job;
    const platform = platformOf(sub.chatId);
    const sender = platform ? this.deps.senders[platform] : undefined;
    if (!platform || !sender) return { result: 'no-sender', attempt: 0 };
    if (this.sentHere.has(key)) return { result: 'settled', attempt: 0 };
    if (job.alert && this.deps.alerts && !(await this.stillSet(sub.chatId, job.alert.id))) {
      await this.deps.deliveries.settle(key, 'skipped', this.clock(), 'alert removed');
      return { result: 'settled', attempt: 0 };
    }
    const attempt = await this.deps.deliveries.claim(key, this.clock());
    if (attempt === null) return { result: 'settled', attempt: 0 };
    let outcome: Awaited<ReturnType<typeof execute>>;
    try {
      const lastBriefing = job.alert ? undefined : await this.deps.deliveries.lastBriefing(sub.chatId);
      const ctx = await makeContext({
        dataset: this.deps.dataset,
        settings: this.deps.settings,
        chatId: sub.chatId,
        platform,
        // The chat's language if it set one, else the language its subscriber asked in.
        platformLocale: sub.lang,
        now: this.clock(),
        // An alert is about the data as observed, whatever preset the chat explores with.
        override: { timezone: sub.zone, ...(job.alert ? { preset: 'observed' as const } : {}) },
        ...(lastBriefing !== undefined ? { lastBriefing } : {}),
      });
      const hooks = { onUnexpected: (err: unknown) => this.deps.logger.error({ err, chat: sub.chatId }, job.alert ? 'alert failed to build' : 'briefing failed to build') };
      outcome = job.alert ? await alertOutcome(job.alert, ctx, hooks) : await execute('/brief', ctx, hooks);
      const grant = sender.selfPaced ? undefined : await pace();
      if (job.alert) await this.deps.deliveries.sending(key, this.clock());
      try {
        await sender.send(targetOf(sub.chatId), outcome, ctx);
      } catch (err) {
        // It did not go (or we cannot tell): the claim stands again, for the retry.
        if (job.alert) await this.deps.deliveries.reclaim(key, this.clock()).catch(() => undefined);
        throw err;
      } finally {
        // The platform has seen it by now: the windows count it from here (pacing.ts).
        await grant?.sent();
      }
    } catch (err) {
      return this.failed(job, err, sender, attempt);
    }
    await this.recordSent(key);
    // What this briefing showed, so the next one says what is new (or that nothing is).
    const memo = outcome.ok ? (outcome.answer.figures.memo as BriefingMemo | undefined) : undefined;
    if (memo) await this.deps.deliveries.remember(sub.chatId, memo).catch((err) => this.deps.logger.warn({ err, chat: sub.chatId }, 'briefing: memo not saved'));
    return { result: 'sent', attempt };
  }

  private async failed(job: Job, err: unknown, sender: BriefingSender, attempt: number): Promise<{ result: Result; attempt: number }> {
    const { key, sub } = job;
    if (!sender.unreachable(err)) throw Object.assign(err as object, { attempt });
    this.deps.logger.warn({ err, chat: sub.chatId }, 'delivery: chat unreachable; subscription paused, alerts disabled');
    await this.deps.deliveries.settle(key, 'failed', this.clock(), 'unreachable');
    const reason = String((err as Error).message ?? err);
    await this.deps.subscriptions.block(sub.chatId, reason);
    await this.deps.alerts?.disable(sub.chatId, reason);
    return { result: 'unreachable', attempt };
  }

  private async stillSet(chatId: string, id: number): Promise<boolean> {
    const rec = await this.deps.alerts!.get(chatId);
    return !!rec && rec.status === 'active' && rec.alerts.some((a) => a.id === id);
  }

  /** After the last retry: the day's briefing is recorded as failed. */
  async giveUp(job: Job, err: unknown): Promise<void> {
    this.deps.logger.error({ err, chat: job.sub.chatId, date: job.localDate }, 'briefing: giving up');
    await this.deps.deliveries.settle(job.key, 'failed', this.clock(), String((err as Error)?.message ?? err)).catch(() => undefined);
  }
}
