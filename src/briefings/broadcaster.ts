/**
 * Delivers due briefings: claim the (chat, local date) record, build the chat's /brief, wait for the
 * platform's rate limiter, send, record. Transient failures retry with exponential backoff; a chat
 * that blocked the bot or a deleted channel is marked and skipped from then on. The chart is the
 * same for every chat with the same language, preset, theme and date, so it renders once (renderer
 * cache) and, on Telegram, uploads once (file_id).
 */
import type { Logger } from 'pino';
import { makeContext } from '../commands/context.js';
import { execute, type Outcome } from '../commands/run.js';
import type { CommandContext, SettingsStore } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';
import { RateLimiter } from './limiter.js';
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

export interface BroadcasterDeps {
  dataset: Dataset;
  settings: SettingsStore;
  subscriptions: SubscriptionStore;
  deliveries: DeliveryLog;
  senders: Partial<Record<PlatformName, BriefingSender>>;
  logger: Logger;
  clock?: () => Date;
  concurrency?: number;
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
}

export class Broadcaster {
  private readonly queue: Job[] = [];
  private readonly pending = new Set<string>();
  private readonly limiters = new Map<PlatformName, RateLimiter>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private active = 0;
  private stopped = false;
  private waiters: Array<() => void> = [];
  readonly stats = { sent: 0, failed: 0, unreachable: 0, retried: 0 };
  private readonly clock: () => Date;

  constructor(private readonly deps: BroadcasterDeps) {
    this.clock = deps.clock ?? (() => new Date());
    for (const [platform, sender] of Object.entries(deps.senders) as Array<[PlatformName, BriefingSender]>) {
      this.limiters.set(platform, new RateLimiter(sender.perSecond));
    }
  }

  has(key: string): boolean {
    return this.pending.has(key);
  }

  enqueue(job: Job): void {
    if (this.stopped || this.pending.has(job.key)) return;
    this.pending.add(job.key);
    this.queue.push(job);
    this.pump();
  }

  /** Resolves when nothing is queued, running or waiting to retry. */
  idle(): Promise<void> {
    if (this.pending.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Stops taking jobs and waits for the ones sending now; queued ones stay claimable after a restart. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const t of this.timers) clearTimeout(t);
    this.queue.length = 0;
    while (this.active > 0) await new Promise((r) => setTimeout(r, 20));
  }

  private pump(): void {
    const limit = this.deps.concurrency ?? 8;
    while (!this.stopped && this.active < limit && this.queue.length) {
      const job = this.queue.shift()!;
      this.active++;
      void this.run(job).finally(() => {
        this.active--;
        this.pump();
      });
    }
  }

  private done(key: string): void {
    this.pending.delete(key);
    if (this.pending.size === 0) for (const w of this.waiters.splice(0)) w();
  }

  private async run(job: Job): Promise<void> {
    const { key, sub } = job;
    const log = this.deps.logger.child({ chat: sub.chatId, date: job.localDate });
    const platform = platformOf(sub.chatId);
    const sender = platform ? this.deps.senders[platform] : undefined;
    if (!platform || !sender) return this.done(key);
    let attempt: number | null = null;
    try {
      attempt = await this.deps.deliveries.claim(key, this.clock());
      if (attempt === null) return this.done(key);
      const ctx = await makeContext({
        dataset: this.deps.dataset,
        settings: this.deps.settings,
        chatId: sub.chatId,
        platform,
        now: this.clock(),
        override: { timezone: sub.zone },
      });
      const outcome = await execute('/brief', ctx, { onUnexpected: (err) => log.error({ err }, 'briefing failed to build') });
      await this.limiters.get(platform)!.take();
      if (this.stopped) return this.done(key);
      await sender.send(targetOf(sub.chatId), outcome, ctx);
      await this.deps.deliveries.settle(key, 'sent', this.clock());
      this.stats.sent++;
      this.done(key);
    } catch (err) {
      if (sender.unreachable(err)) {
        this.stats.unreachable++;
        log.warn({ err }, 'briefing: chat unreachable; subscription paused');
        await this.deps.deliveries.settle(key, 'failed', this.clock(), 'unreachable').catch(() => undefined);
        await this.deps.subscriptions.block(sub.chatId, String((err as Error).message ?? err)).catch(() => undefined);
        return this.done(key);
      }
      const max = this.deps.maxAttempts ?? 5;
      if (attempt !== null && attempt < max && !this.stopped) {
        this.stats.retried++;
        const delay = (this.deps.backoffMs ?? 5000) * 2 ** (attempt - 1);
        log.warn({ err, attempt, retryInMs: delay }, 'briefing: send failed, will retry');
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.pending.delete(key);
          this.enqueue(job);
        }, delay);
        this.timers.add(timer);
        return;
      }
      this.stats.failed++;
      log.error({ err, attempt }, 'briefing: giving up');
      await this.deps.deliveries.settle(key, 'failed', this.clock(), String((err as Error)?.message ?? err)).catch(() => undefined);
      this.done(key);
    }
  }
}
