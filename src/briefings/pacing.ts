/**
 * Sliding-window pacing for outgoing messages, so a broadcast never draws a 429.
 *
 * A rule is "at most `limit` grants in any trailing `windowMs`" (optionally also `minGapMs` between
 * grants, which spreads a burst evenly so network jitter cannot bunch it up at the platform). A
 * grant is recorded at the moment it is given — not at a planned slot — so a stalled event loop
 * cannot release a backlog of pre-booked slots at once, which an average-rate limiter does.
 *
 * The platform counts a message when it arrives, somewhere between its grant and its answer: a
 * request that waited for a busy event loop, an upload or a garbage collection in one process can
 * land right among the next grants of another. So a rule may allow `slackMs`: its window is that
 * much longer than the platform's, and when a request is answered (`Grant.sent()`) more than
 * `slackMs` after its grant, its entry moves to (answer − slackMs). Then of any `limit + 1`
 * messages the platform saw within its window, the last to be granted found the others in its
 * own: each arrived no later than its answer, so its entry is at most `slackMs` before its
 * arrival, inside the longer window (one still on its way counts from its grant, less than a
 * window before) — whatever the delays between grant and arrival, as long as no request is on
 * its way for longer than a window. Requests answered within `slackMs` cost no throughput.
 *
 * Platforms' rules (README "Fan-out"):
 * - Telegram: 30 messages/s overall (the window; spaced at TELEGRAM_BROADCAST_PER_SECOND, 29),
 *   1/s per chat, 20/min per group; taken by each Bot API call just before it leaves (bots/telegram/transport.ts).
 * - Discord: Discord's global 50/s (the window; spaced at DISCORD_BROADCAST_PER_SECOND), 5 per 5 s per
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
  /** How late an answer may come before its entry moves (see above); 0 moves it to the answer. */
  slackMs?: number;
}

/** How long to wait before the rules allow one more grant; 0 = granted (and recorded). */
export interface Verdict {
  waitMs: number;
  /** Index of the rule that is blocking (for fairness: only the first rule is queued in order). */
  blockedBy: number;
  /** The granted entry's name in each rule's window (for `sent`). */
  member?: string;
}

export interface PaceBackend {
  tryTake(rules: readonly Rule[]): Promise<Verdict>;
  /** Its request has been answered: moves the granted entry to now (less each rule’s slack) where that is later. */
  sent(rules: readonly Rule[], member: string): Promise<void>;
  /** Blocks `key` for `ms` (a platform said its bucket is empty). */
  hold(key: string, ms: number): Promise<void>;
}

/** A slot given; `sent()` once its request has been answered (or has failed), so the windows count it from then on. */
export interface Grant {
  sent(): Promise<void>;
}

export interface PlatformRates {
  telegram?: number;
  discord?: number;
}

/** What each platform allows a bot overall, in any trailing second (Telegram's broadcast limit; Discord's global limit). */
export const PLATFORM_PER_SECOND: Record<PlatformName, number> = { telegram: 30, discord: 50 };

/**
 * The platform-wide window's slack (see above): answers up to 20 ms after their grant keep their
 * entry where it is, and the window is the platform's second plus that, plus 2 ms because both
 * clocks tick in whole milliseconds. Spaced at 29/s, 30 grants span 1,034 ms, so the longer window
 * costs nothing while answers come within ≈ 30 ms.
 */
export const WINDOW_SLACK_MS = 20;

/**
 * The rules one message to `target` on `platform` must pass. Platform-wide: the platform's own
 * limit as a sliding window (which holds however late requests arrive, see above), and our pace
 * `perSecond` as even spacing below it.
 */
export function rulesFor(platform: PlatformName, target: string, perSecond: number, prefix = 'pace'): Rule[] {
  const global: Rule = { key: `${prefix}:${platform}:all`, limit: PLATFORM_PER_SECOND[platform], windowMs: 1000 + WINDOW_SLACK_MS + 2, slackMs: WINDOW_SLACK_MS, minGapMs: 1000 / perSecond, burst: 1.25 };
  if (platform === 'telegram') {
    const rules = [global, { key: `${prefix}:telegram:chat:${target}`, limit: 1, windowMs: 1000 }];
    // Groups and channels have negative ids: 20 messages a minute each.
    if (target.startsWith('-')) rules.push({ key: `${prefix}:telegram:group:${target}`, limit: 20, windowMs: 60_000 });
    return rules;
  }
  return [global, { key: `${prefix}:discord:channel:${target}`, limit: 5, windowMs: 5000 }];
}

/** How many grants between sweeps of the rules no longer in use. */
const SWEEP_EVERY = 1024;

/** Windows kept in this process. */
export class LocalWindows implements PaceBackend {
  /** Per rule: its grants, oldest first (time and name). */
  private readonly grants = new Map<string, Array<{ t: number; m: string }>>();
  /** Per rule: its window, so rules no longer used can be forgotten (sweep). */
  private readonly windowOf = new Map<string, number>();
  private seq = 0;
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
      if (log.length >= r.limit) w = Math.max(w, log[log.length - r.limit]!.t + r.windowMs - now);
      if (r.minGapMs) w = Math.max(w, (this.tat.get(r.key) ?? 0) - ((r.burst ?? 1) - 1) * r.minGapMs - now);
      if (w > waitMs) {
        waitMs = w;
        blockedBy = i;
      }
    });
    // Rounded up to a microsecond, so floating-point error never grants a hair early.
    if (waitMs > 0) return { waitMs: Math.ceil(waitMs * 1000) / 1000, blockedBy };
    const m = `l${++this.seq}`;
    // Every chat ever sent to has a rule of its own: forget the ones whose window has passed.
    if (this.seq % SWEEP_EVERY === 0) this.sweep(now);
    for (const r of rules) {
      const log = this.grants.get(r.key) ?? [];
      log.push({ t: now, m });
      this.grants.set(r.key, log);
      this.windowOf.set(r.key, r.windowMs);
      if (r.minGapMs) this.tat.set(r.key, Math.max(this.tat.get(r.key) ?? 0, now) + r.minGapMs);
    }
    return { waitMs: 0, blockedBy: -1, member: m };
  }

  /** Moves the member's entries to (now − slack) where that is later, keeping each log in time order. */
  async sent(rules: readonly Rule[], member: string): Promise<void> {
    const now = this.clock();
    for (const r of rules) {
      const log = this.grants.get(r.key);
      const i = log?.findLastIndex((e) => e.m === member) ?? -1;
      if (i < 0) continue;
      const t = now - (r.slackMs ?? 0);
      if (t <= log![i]!.t) continue;
      log!.splice(i, 1);
      let at = log!.length;
      while (at > 0 && log![at - 1]!.t > t) at--;
      log!.splice(at, 0, { t, m: member });
    }
  }

  async hold(key: string, ms: number): Promise<void> {
    this.holds.set(key, Math.max(this.holds.get(key) ?? 0, this.clock() + ms));
  }

  /** Rules (per chat, per group) currently remembered. */
  get size(): number {
    return this.grants.size;
  }

  private sweep(now: number): void {
    for (const [key, log] of this.grants) {
      if (log.at(-1)!.t > now - (this.windowOf.get(key) ?? Infinity)) continue;
      this.grants.delete(key);
      this.windowOf.delete(key);
    }
    for (const [key, until] of this.holds) if (until <= now) this.holds.delete(key);
  }

  private prune(r: Rule, now: number): Array<{ t: number; m: string }> {
    const log = this.grants.get(r.key);
    if (!log) return [];
    let drop = 0;
    while (drop < log.length && log[drop]!.t <= now - r.windowMs) drop++;
    if (drop) log.splice(0, drop);
    if (!log.length) {
      this.grants.delete(r.key);
      this.windowOf.delete(r.key);
    }
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

/** KEYS: one per rule; ARGV: member, then windowMs and slackMs per rule. Moves the member to (now − slack) where it is still counted and that is later. */
const SENT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
for i, key in ipairs(KEYS) do
  local score = redis.call('ZSCORE', key, ARGV[1])
  local at = now - tonumber(ARGV[i*2+1])
  if score and at > tonumber(score) then
    redis.call('ZADD', key, at, ARGV[1])
    redis.call('PEXPIRE', key, math.ceil(tonumber(ARGV[i*2])) + 1000)
  end
end
return 0
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
  private readonly id = `r${randomUUID().slice(0, 8)}`;
  private seq = 0;
  private down = false;

  constructor(
    private readonly redis: EvalClient,
    private readonly log?: Logger,
  ) {}

  async tryTake(rules: readonly Rule[]): Promise<Verdict> {
    try {
      const member = `${this.id}:${++this.seq}`;
      const [waitMs, blocked] = (await this.redis.eval(TAKE, rules.length, ...rules.map((r) => r.key), member, ...rules.flatMap((r) => [r.limit, r.windowMs, r.minGapMs ?? 0, r.burst ?? 1]))) as [number, number];
      if (this.down) {
        this.down = false;
        this.log?.info('pacing: back on the shared Redis windows');
      }
      return Number(waitMs) > 0 ? { waitMs: Number(waitMs), blockedBy: Number(blocked) - 1 } : { waitMs: 0, blockedBy: -1, member };
    } catch (err) {
      if (!this.down) {
        this.down = true;
        this.log?.warn({ err }, 'pacing: Redis unreachable; pacing with this process’ own windows until it is back');
      }
      return this.local.take(rules);
    }
  }

  async sent(rules: readonly Rule[], member: string): Promise<void> {
    // A grant from the local windows (Redis was away) is moved there; Redis has no such member.
    if (member.startsWith('l')) return this.local.sent(rules, member);
    await this.redis.eval(SENT, rules.length, ...rules.map((r) => r.key), member, ...rules.flatMap((r) => [r.windowMs, r.slackMs ?? 0])).catch(() => undefined);
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
  resolve: (grant: Grant) => void;
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

  /** Waits for a slot. Call the grant's `sent()` when the request has been answered, so the windows count it from its arrival. */
  take(rules: readonly Rule[], lane: Lane = 'bulk'): Promise<Grant> {
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

  private grant(rules: readonly Rule[], member: string | undefined): Grant {
    let done = false;
    return {
      sent: async () => {
        if (done || member === undefined) return;
        done = true;
        await this.backend.sent(rules, member);
      },
    };
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
          head.resolve(this.grant(head.rules, v.member));
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
