/**
 * Finds the briefings whose local time has come and hands them to the broadcaster. Runs at start-up
 * (catching up what fell due while the process was down, within the grace window) and then on a
 * timer. Briefings older than the grace window are recorded as skipped, never sent late.
 */
import type { Logger } from 'pino';
import { passed } from '../model/schedule.js';
import type { Fanout } from './broadcaster.js';
import { every } from './every.js';
import { DeliveryLog, platformOf, type PlatformName, type SubscriptionStore } from './store.js';

export interface SchedulerDeps {
  subscriptions: SubscriptionStore;
  deliveries: DeliveryLog;
  broadcaster: Fanout;
  platforms: ReadonlySet<PlatformName>;
  logger: Logger;
  clock?: () => Date;
  graceMs?: number;
}

export class Scheduler {
  /**
   * Keys known to be settled (sent, failed, skipped), by local date: not read again. Only the dates
   * the last pass looked at are kept, so a long-running process does not remember every chat's
   * every morning (10,000 subscribers would add 10,000 keys a day).
   */
  private settled = new Map<string, Set<string>>();
  private running: Promise<void> | null = null;
  private timer: { stop(): void } | undefined;
  private readonly clock: () => Date;
  private readonly graceMs: number;

  constructor(private readonly deps: SchedulerDeps) {
    this.clock = deps.clock ?? (() => new Date());
    this.graceMs = deps.graceMs ?? 2 * 3600_000;
  }

  /** One pass over every subscription; concurrent calls share the pass in progress. */
  tick(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null));
    return this.running;
  }

  start(everyMs = 20_000): void {
    // A store outage fails every pass until it ends: logged when it starts and when it ends.
    this.timer = every(() => this.tick(), { everyMs, logger: this.deps.logger, what: 'scheduler' });
  }

  async stop(): Promise<void> {
    this.timer?.stop();
    await this.running;
  }

  /** Settled keys remembered (for tests: it must not grow by a day's subscribers every day). */
  get remembered(): number {
    let n = 0;
    for (const keys of this.settled.values()) n += keys.size;
    return n;
  }

  private async pass(): Promise<void> {
    const now = this.clock();
    let due = 0;
    let skipped = 0;
    const previous = this.settled;
    const settled = new Map<string, Set<string>>();
    const remember = (localDate: string, key: string) => {
      let keys = settled.get(localDate);
      if (!keys) settled.set(localDate, (keys = previous.get(localDate) ?? new Set()));
      keys.add(key);
    };
    const known = (localDate: string, key: string) => {
      const keys = previous.get(localDate);
      if (!keys?.has(key)) return false;
      remember(localDate, key);
      return true;
    };
    for (const sub of await this.deps.subscriptions.all()) {
      const platform = platformOf(sub.chatId);
      if (sub.status !== 'active' || !platform || !this.deps.platforms.has(platform)) continue;
      for (const check of passed(sub, now, this.graceMs)) {
        const key = DeliveryLog.key(sub.chatId, check.localDate);
        if (known(check.localDate, key) || this.deps.broadcaster.has(key)) continue;
        const record = await this.deps.deliveries.get(key);
        if (record && record.state !== 'claimed') {
          remember(check.localDate, key);
          continue;
        }
        if (check.state === 'due') {
          // No record, or a claim left by a crash: (re)send.
          await this.deps.broadcaster.enqueue({ key, localDate: check.localDate, sub });
          due++;
        } else {
          await this.deps.deliveries.settle(key, 'skipped', now, 'past the grace window');
          remember(check.localDate, key);
          skipped++;
        }
      }
    }
    // Dates no longer looked at are forgotten (a pass that fails half-way keeps what it had).
    this.settled = settled;
    if (due || skipped) this.deps.logger.info({ due, skipped }, 'scheduler: pass');
  }
}
