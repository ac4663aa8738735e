/**
 * Per-user (or per-chat) limits: a token bucket per key. Over the limit a key gets one "slow down"
 * and then silence until its bucket refills, so a flood costs one reply, not one per message.
 */
export type Verdict = 'ok' | 'warn' | 'silent';

/** Defaults: per user; per group or channel (Telegram lets a bot post about 20 messages a minute in a group). */
export const LIMIT_DEFAULTS = { user: { burst: 6, perMinute: 20 }, chat: { burst: 10, perMinute: 20 } } as const;

interface Bucket {
  tokens: number;
  at: number;
  warned: boolean;
}

export class Limits {
  private readonly buckets = new Map<string, Bucket>();
  private readonly perMs: number;

  constructor(
    private readonly o: { burst: number; perMinute: number; maxKeys?: number },
    private readonly clock: () => number = () => Date.now(),
  ) {
    this.perMs = o.perMinute / 60_000;
  }

  take(key: string): Verdict {
    const now = this.clock();
    let b = this.buckets.get(key);
    if (b) this.buckets.delete(key); // re-insert: the map stays ordered by last use
    b ??= { tokens: this.o.burst, at: now, warned: false };
    b.tokens = Math.min(this.o.burst, b.tokens + (now - b.at) * this.perMs);
    b.at = now;
    let verdict: Verdict;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      b.warned = false;
      verdict = 'ok';
    } else {
      verdict = b.warned ? 'silent' : 'warn';
      b.warned = true;
    }
    this.buckets.set(key, b);
    if (this.buckets.size > (this.o.maxKeys ?? 100_000)) this.buckets.delete(this.buckets.keys().next().value!);
    return verdict;
  }
}
