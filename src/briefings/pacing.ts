/**
 * Sliding-window pacing for outgoing messages, so a broadcast never draws a 429.
 *
 * A rule is "at most `limit` grants in any trailing `windowMs`" (optionally also `minGapMs` between
 * grants, which spreads a burst evenly so network jitter cannot bunch it up at the platform). A
 * grant is recorded at the moment it is given — not at a planned slot — so a stalled event loop
 * cannot release a backlog of pre-booked slots at once, which an average-rate limiter does.
 *
 * Platforms' rules (README "Fan-out"):
 * - Telegram: 30 messages/s overall (we use TELEGRAM_BROADCAST_PER_SECOND, 29), 1/s per chat,
 *   20/min per group; taken by each Bot API call just before it leaves (bots/telegram/transport.ts).
 * - Discord: DISCORD_BROADCAST_PER_SECOND overall (Discord's global limit is 50/s), 5 per 5 s per
 *   channel (its message bucket), plus any bucket Discord reports exhausted (`hold`).
 *
 * With Redis the windows live in Redis (one Lua script, Redis' clock), so every worker process
 * shares them. If Redis is unreachable the pacer falls back to this process' own windows (logged
 * once) and returns to Redis when it answers again.
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { PlatformName } from './store.js';

export interface Rule {
  key: string;
  limit: number;
  windowMs: number;
  /**
   * Even spacing between grants under this rule (a GCRA): one grant per `minGapMs` on average.
   * `burst` (default 1) lets a grant come up to (burst − 1) gaps ahead of schedule, so a grant
   * that a late timer or a slow Redis round trip delayed is made up by the next one instead of
   * being lost from the rate (the window above still caps them). The platform-wide rule uses 1.25:
   * never two grants closer than three quarters of a gap, so a message delayed on its way by up
   * to ~25 ms still cannot make a 31st in the platform's second.
   */
  minGapMs?: number;
  burst?: number;
}

/** How long to wait before the rules allow one more grant; 0 = granted (and recorded). */
export interface Verdict {
  waitMs: number;
  /** Index of the rule that is blocking (for fairness: only the first rule is queued in order). */
  blockedBy: number;
}

export interface PaceBackend {
  tryTake(rules: readonly Rule[]): Promise<Verdict>;
  /** Blocks `key` for `ms` (a platform said its bucket is empty). */
  hold(key: string, ms: number): Promise<void>;
}

export interface PlatformRates {
  telegram?: number;
  discord?: number;
}

/** The rules one message to `target` on `platform` must pass. */
export function rulesFor(platform: PlatformName, target: string, perSecond: number, prefix = 'pace'): Rule[] {
  const global: Rule = { key: `${prefix}:${platform}:all`, limit: Math.max(1, Math.floor(perSecond)), windowMs: 1000, minGapMs: 1000 / perSecond, burst: 1.25 };
  if (platform === 'telegram') {
    const rules = [global, { key: `${prefix}:telegram:chat:${target}`, limit: 1, windowMs: 1000 }];
    // Groups and channels have negative ids: 20 messages a minute each.
    if (target.startsWith('-')) rules.push({ key: `${prefix}:telegram:group:${target}`, limit: 20, windowMs: 60_000 });
    return rules;
  }
  return [global, { key: `${prefix}:discord:channel:${target}`, limit: 5, windowMs: 5000 }];
}

/** Windows kept in this process. */
export class LocalWindows implements PaceBackend {
  private readonly grants = new Map<string, number[]>();
  private readonly holds = new Map<string, number>();
  /** Per spaced rule: the theoretical time of its next grant. */
  private readonly tat = new Map<string, number>();
  constructor(private readonly clock: () => number = () => Date.now()) {}

  async tryTake(rules: readonly Rule[]): Promise<Verdict> {
    return this.take(rules);
  }

  take(rules: readonly Rule[]): Verdict {
    const now = this.clock();
    let waitMs = 0;
    let blockedBy = -1;
    rules.forEach((r, i) => {
      const held = (this.holds.get(r.key) ?? 0) - now;
      let w = held > 0 ? held : 0;
      const log = this.prune(r, now);
      if (log.length >= r.limit) w = Math.max(w, log[log.length - r.limit]! + r.windowMs - now);
      if (r.minGapMs) w = Math.max(w, (this.tat.get(r.key) ?? 0) - ((r.burst ?? 1) - 1) * r.minGapMs - now);
      if (w > waitMs) {
        waitMs = w;
        blockedBy = i;
      }
    });
    // Rounded up to a microsecond, so floating-point error never grants a hair early.
    if (waitMs > 0) return { waitMs: Math.ceil(waitMs * 1000) / 1000, blockedBy };
    for (const r of rules) {
      const log = this.grants.get(r.key) ?? [];
      log.push(now);
      this.grants.set(r.key, log);
      if (r.minGapMs) this.tat.set(r.key, Math.max(this.tat.get(r.key) ?? 0, now) + r.minGapMs);
    }
    return { waitMs: 0, blockedBy: -1 };
  }

  async hold(key: string, ms: number): Promise<void> {
    this.holds.set(key, Math.max(this.holds.get(key) ?? 0, this.clock() + ms));
  }

  private prune(r: Rule, now: number): number[] {
    const log = this.grants.get(r.key);
    if (!log) return [];
    let drop = 0;
    while (drop < log.length && log[drop]! <= now - r.windowMs) drop++;
    if (drop) log.splice(0, drop);
    if (!log.length) this.grants.delete(r.key);
    return log;
  }
}

/** KEYS: one per rule; ARGV: member, then limit, windowMs, minGapMs, burst per rule. Returns {waitMs, blockedBy (1-based)}. */
const TAKE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local wait, blocked = 0, 0
for i, key in ipairs(KEYS) do
  local limit, win, gap, burst = tonumber(ARGV[i*4-2]), tonumber(ARGV[i*4-1]), tonumber(ARGV[i*4]), tonumber(ARGV[i*4+1])
  local w = 0
  local held = tonumber(redis.call('GET', key .. ':hold') or '0') - now
  if held > 0 then w = held end
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - win)
  local n = redis.call('ZCARD', key)
  if n >= limit then
    local e = redis.call('ZRANGE', key, n - limit, n - limit, 'WITHSCORES')
    w = math.max(w, tonumber(e[2]) + win - now)
  end
  if gap > 0 then
    local tat = tonumber(redis.call('GET', key .. ':tat') or '0')
    w = math.max(w, tat - (burst - 1) * gap - now)
  end
  if w > wait then wait, blocked = w, i end
end
if wait > 0 then return {math.ceil(wait), blocked} end
for i, key in ipairs(KEYS) do
  local win, gap = tonumber(ARGV[i*4-1]), tonumber(ARGV[i*4])
  redis.call('ZADD', key, now, ARGV[1])
  redis.call('PEXPIRE', key, math.ceil(win) + 1000)
  if gap > 0 then
    local tat = tonumber(redis.call('GET', key .. ':tat') or '0')
    redis.call('SET', key .. ':tat', tostring(math.max(tat, now) + gap), 'PX', math.ceil(win + gap) + 1000)
  end
end
return {0, 0}
`;

const HOLD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local untilMs = now + tonumber(ARGV[1])
local cur = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilMs > cur then redis.call('SET', KEYS[1], untilMs, 'PX', tonumber(ARGV[1]) + 1000) end
return 0
`;

/** The minimal ioredis surface used here (so tests can hand in any client). */
export interface EvalClient {
  eval(script: string, numKeys: number, ...args: Array<string | number>): Promise<unknown>;
}

/** Windows in Redis, shared by every process with the same prefix; this process' own windows while Redis is away. */
export class RedisWindows implements PaceBackend {
  private readonly local = new LocalWindows();
  private readonly id = randomUUID().slice(0, 8);
  private seq = 0;
  private down = false;

  constructor(
    private readonly redis: EvalClient,
    private readonly log?: Logger,
  ) {}

  async tryTake(rules: readonly Rule[]): Promise<Verdict> {
    try {
      const [waitMs, blocked] = (await this.redis.eval(TAKE, rules.length, ...rules.map((r) => r.key), `${this.id}:${++this.seq}`, ...rules.flatMap((r) => [r.limit, r.windowMs, r.minGapMs ?? 0, r.burst ?? 1]))) as [number, number];
      if (this.down) {
        this.down = false;
        this.log?.info('pacing: back on the shared Redis windows');
      }
      return { waitMs: Number(waitMs), blockedBy: Number(blocked) - 1 };
    } catch (err) {
      if (!this.down) {
        this.down = true;
        this.log?.warn({ err }, 'pacing: Redis unreachable; pacing with this process’ own windows until it is back');
      }
      return this.local.take(rules);
    }
  }

  async hold(key: string, ms: number): Promise<void> {
    await this.local.hold(key, ms);
    await this.redis.eval(HOLD, 1, `${key}:hold`, Math.ceil(ms)).catch(() => undefined);
  }
}

/**
 * Who is waiting: `reply` — someone just wrote to the bot; `bulk` — a briefing or an alert going
 * out to many chats. Replies wait only for each other, never behind a broadcast's queue.
 */
export type Lane = 'reply' | 'bulk';

interface Waiter {
  rules: readonly Rule[];
  lane: Lane;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Waits for the rules to allow a message. Callers contend for the first rule (the platform-wide
 * one) in arrival order within their lane, replies ahead of bulk sends, one at a time per process,
 * so a broadcast's order is kept, a reply during the morning broadcast waits for at most one
 * slot, and a process sends no more than one probe to Redis per grant; a caller blocked only by
 * its own chat's rule steps aside and sleeps without holding up the others. (Lanes order this
 * process' waiters; processes sharing Redis windows take slots as they come.)
 */
export class Pacer {
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private closed = false;
  readonly stats = { granted: 0, waits: 0 };

  constructor(
    readonly backend: PaceBackend = new LocalWindows(),
    private readonly sleep: (ms: number) => Promise<void> = (ms) => new Promise((r) => setTimeout(r, ms)),
  ) {}

  take(rules: readonly Rule[], lane: Lane = 'bulk'): Promise<void> {
    if (this.closed) return Promise.reject(new Error('pacer closed'));
    return new Promise((resolve, reject) => {
      this.enqueue({ rules, lane, resolve, reject });
      void this.pump();
    });
  }

  /** Bulk waiters join the end; a reply goes after the replies already waiting, before any bulk one. */
  private enqueue(w: Waiter): void {
    const firstBulk = w.lane === 'reply' ? this.queue.findIndex((q) => q.lane === 'bulk') : -1;
    if (firstBulk < 0) this.queue.push(w);
    else this.queue.splice(firstBulk, 0, w);
  }

  private remove(w: Waiter): void {
    const i = this.queue.indexOf(w);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** A platform reported an exhausted bucket: nothing under `key` goes out for `ms`. */
  hold(key: string, ms: number): Promise<void> {
    return this.backend.hold(key, ms);
  }

  close(): void {
    this.closed = true;
    for (const w of this.queue.splice(0)) w.reject(new Error('pacer closed'));
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length && !this.closed) {
        // (A reply may be queued ahead of the head while its probe is out: the head is removed by identity.)
        const head = this.queue[0]!;
        const v = await this.backend.tryTake(head.rules);
        if (v.waitMs <= 0) {
          this.remove(head);
          this.stats.granted++;
          head.resolve();
          continue;
        }
        this.stats.waits++;
        if (v.blockedBy > 0) {
          // Only this caller's own chat is busy: let the others go first.
          this.remove(head);
          void this.sleep(v.waitMs).then(() => {
            if (this.closed) return head.reject(new Error('pacer closed'));
            this.enqueue(head);
            void this.pump();
          });
          continue;
        }
        await this.sleep(v.waitMs);
      }
    } finally {
      this.pumping = false;
    }
  }
}

/**
 * For adapters: feeds Discord's rate-limit headers into the shared windows. Hand it each REST
 * response (discord.js: `rest.on(RESTEvents.Response, (req, res) => watch(req.route, res.headers))`);
 * when a channel's message bucket reports 0 remaining, every process holds that channel until
 * Discord's reset.
 */
export function discordBuckets(pacer: Pacer, prefix = 'pace') {
  return (route: string, headers: { get(name: string): string | null } | Record<string, string | string[] | undefined>): void => {
    const get = (name: string): string | undefined => {
      const h = headers as { get?: (n: string) => string | null };
      const v = typeof h.get === 'function' ? h.get(name) : (headers as Record<string, string | string[] | undefined>)[name];
      return Array.isArray(v) ? v[0] : (v ?? undefined);
    };
    const channel = /\/channels\/(\d+)\/messages/.exec(route)?.[1];
    if (!channel || get('x-ratelimit-remaining') !== '0') return;
    const resetAfter = Number(get('x-ratelimit-reset-after'));
    if (Number.isFinite(resetAfter) && resetAfter > 0) void pacer.hold(`${prefix}:discord:channel:${channel}`, resetAfter * 1000);
  };
}
