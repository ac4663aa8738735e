/**
 * The single-process fan-out: a queue of due briefings, paced by sliding windows per platform, chat
 * and group (pacing.ts) so the platform never answers 429, and retries with exponential backoff.
 * (With REDIS_URL, BullMQ takes this role across processes, with the windows in Redis: queue.ts.)
 * The chart is the same for every chat with the same language, preset, theme and date, so it
 * renders once (renderer cache) and, on Telegram, uploads once (file_id).
 */
import { BriefingDelivery, type DeliveryDeps, type Job } from './delivery.js';
import { Pacer, rulesFor } from './pacing.js';
import { platformOf, targetOf } from './store.js';

export type { BriefingSender, Job } from './delivery.js';

/** What the scheduler hands due briefings to. */
export interface Fanout {
  has(key: string): boolean;
  enqueue(job: Job): Promise<void> | void;
}

export interface BroadcasterDeps extends DeliveryDeps {
  concurrency?: number;
  maxAttempts?: number;
  /** First retry delay; doubles each attempt. */
  backoffMs?: number;
  /** Shared with anything else sending on the same accounts (default: this broadcaster's own). */
  pacer?: Pacer;
}

export class Broadcaster implements Fanout {
  private readonly queue: Job[] = [];
  private readonly pending = new Set<string>();
  private readonly pacer: Pacer;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly delivery: BriefingDelivery;
  private active = 0;
  private stopped = false;
  private waiters: Array<() => void> = [];
  readonly stats = { sent: 0, failed: 0, unreachable: 0, retried: 0 };

  constructor(private readonly deps: BroadcasterDeps) {
    this.delivery = new BriefingDelivery(deps);
    this.pacer = deps.pacer ?? new Pacer();
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
    if (!this.deps.pacer) this.pacer.close();
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
    const platform = platformOf(job.sub.chatId);
    const perSecond = platform ? this.deps.senders[platform]?.perSecond : undefined;
    const pace = async () => {
      const grant = platform && perSecond ? await this.pacer.take(rulesFor(platform, targetOf(job.sub.chatId), perSecond)) : undefined;
      if (this.stopped) throw new Error('stopping');
      return grant;
    };
    try {
      const { result } = await this.delivery.attempt(job, pace);
      if (result === 'sent') this.stats.sent++;
      if (result === 'unreachable') this.stats.unreachable++;
      this.done(job.key);
    } catch (err) {
      const attempt = (err as { attempt?: number }).attempt ?? 1;
      if (!this.stopped && attempt < (this.deps.maxAttempts ?? 5)) {
        this.stats.retried++;
        const delay = (this.deps.backoffMs ?? 5000) * 2 ** (attempt - 1);
        this.deps.logger.warn({ err, chat: job.sub.chatId, attempt, retryInMs: delay }, 'briefing: send failed, will retry');
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.pending.delete(job.key);
          this.enqueue(job);
        }, delay);
        this.timers.add(timer);
        return;
      }
      if (!this.stopped) {
        this.stats.failed++;
        await this.delivery.giveUp(job, err);
      }
      this.done(job.key);
    }
  }
}
