import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { discordBuckets, LocalWindows, Pacer, RedisWindows, rulesFor, type Rule } from '../../src/briefings/pacing.js';
import { telegramPacing } from '../../src/bots/telegram/transport.js';
import { silentLogger } from '../../src/log.js';

/** A pacer on a virtual clock: when everything waits, time jumps to the next timer, so nothing here depends on the machine's speed. */
function fakeTime() {
  let now = 0;
  const timers: Array<{ at: number; resolve: () => void }> = [];
  const windows = new LocalWindows(() => now);
  const pacer = new Pacer(windows, (ms) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve })));
  const run = async (work: Promise<unknown>) => {
    let done = false;
    void work.then(() => (done = true));
    while (!done) {
      await new Promise((r) => setImmediate(r));
      if (done) break;
      timers.sort((a, b) => a.at - b.at);
      const t = timers.shift();
      if (!t) continue;
      now = Math.max(now, t.at);
      t.resolve();
    }
    return work;
  };
  return { pacer, windows, now: () => now, run };
}

/** The most grants that fall in any trailing window of `windowMs`. */
function busiest(times: number[], windowMs: number): number {
  const t = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < t.length; i++) {
    while (t[i]! - t[j]! >= windowMs - 1e-6) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('sliding-window pacing', () => {
  test('GIVEN 300 Telegram messages to different chats THEN no trailing second holds more than Telegram’s 30, and they go at 29 a second', async () => {
    const { pacer, now, run } = fakeTime();
    const times: number[] = [];
    await run(Promise.all(Array.from({ length: 300 }, (_, i) => pacer.take(rulesFor('telegram', String(1000 + i), 29)).then(() => times.push(now())))));
    expect(times).toHaveLength(300);
    expect(busiest(times, 1000)).toBeLessThanOrEqual(30);
    expect(busiest(times, 2000)).toBeLessThanOrEqual(59);
    // Evenly spaced: never two within 3/4 of 1000/29 ms (a late grant is made up by the next one,
    // by a quarter gap at most; a burst would let network jitter bunch them at the platform).
    expect(busiest(times, (1000 / 29) * 0.75 - 0.01)).toBe(1);
    expect(busiest(times, (1000 / 29) * 0.75 + 0.01)).toBe(2);
    expect(Math.max(...times) / 1000).toBeLessThan(300 / 29 + 0.1);
  });

  test('GIVEN several messages to one private chat THEN at most one a second; a group gets at most 20 a minute; others are not held up', async () => {
    const { pacer, now, run } = fakeTime();
    const chat: number[] = [];
    const group: number[] = [];
    const others: number[] = [];
    await run(Promise.all([
      ...Array.from({ length: 5 }, () => pacer.take(rulesFor('telegram', '42', 29)).then(() => chat.push(now()))),
      ...Array.from({ length: 25 }, () => pacer.take(rulesFor('telegram', '-100777', 29)).then(() => group.push(now()))),
      ...Array.from({ length: 20 }, (_, i) => pacer.take(rulesFor('telegram', String(500 + i), 29)).then(() => others.push(now()))),
    ]));
    expect(busiest(chat, 1000)).toBe(1);
    expect(busiest(group, 60_000)).toBeLessThanOrEqual(20);
    expect(busiest(group, 1000)).toBe(1);
    // The 20 other chats were not queued behind the busy group.
    expect(Math.max(...others)).toBeLessThan(2000);
  });

  test('GIVEN Discord posts to one channel THEN at most 5 per 5 s; a held bucket holds everything under its key', async () => {
    const { pacer, now, run } = fakeTime();
    const times: number[] = [];
    await run(Promise.all(Array.from({ length: 12 }, () => pacer.take(rulesFor('discord', '555', 20)).then(() => times.push(now())))));
    expect(busiest(times, 5000)).toBeLessThanOrEqual(5);
    const rules = rulesFor('discord', '556', 20);
    const before = now();
    await pacer.hold(rules[1]!.key, 3000);
    await run(pacer.take(rules));
    expect(now() - before).toBeGreaterThanOrEqual(3000);
  });

  test('GIVEN a stalled event loop THEN the backlog is not released at once (grants are recorded when given)', () => {
    let now = 0;
    const w = new LocalWindows(() => now);
    const rules: Rule[] = [{ key: 'g', limit: 29, windowMs: 1000, minGapMs: 1000 / 29 }];
    expect(w.take(rules).waitMs).toBe(0);
    now += 500; // a 500 ms stall: an average-rate limiter would now owe 14 slots
    expect(w.take(rules).waitMs).toBe(0);
    expect(w.take(rules).waitMs).toBeGreaterThan(0);
  });

  test('GIVEN a request answered late THEN its entry counts from the answer (less the slack), so the window frees a slot only a window after the platform saw it', () => {
    let now = 0;
    const w = new LocalWindows(() => now);
    const rules: Rule[] = [{ key: 'g', limit: 2, windowMs: 1020, slackMs: 20 }];
    const a = w.take(rules);
    expect(a.waitMs).toBe(0);
    const b = w.take(rules);
    expect(b.waitMs).toBe(0);
    now = 15; // b answered within the slack: its entry stays at its grant
    void w.sent(rules, b.member!);
    now = 400; // a answered 400 ms after its grant: its entry moves to 380
    void w.sent(rules, a.member!);
    now = 1020;
    expect(w.take(rules).waitMs).toBe(0); // b's slot has come free
    expect(w.take(rules).waitMs).toBe(380); // a's only at 1400
  });

  test('GIVEN three processes whose requests reach the platform 0–150 ms after their grants THEN no trailing second of arrivals holds more than Telegram’s 30', async () => {
    const arrivalsWith = async (answered: boolean) => {
      let now = 0;
      const timers: Array<{ at: number; resolve: () => void }> = [];
      const sleep = (ms: number) => new Promise<void>((resolve) => timers.push({ at: now + ms, resolve }));
      const windows = new LocalWindows(() => now);
      const pacers = [0, 1, 2].map(() => new Pacer(windows, sleep));
      let seed = 7;
      const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
      const arrivals: number[] = [];
      const send = async (p: Pacer, chat: number) => {
        const grant = await p.take(rulesFor('telegram', String(chat), 29));
        // One process is often slow (an upload, a GC, a busy core), the others are quick.
        await sleep(p === pacers[0] ? 60 + random() * 90 : random() * 10);
        arrivals.push(now);
        await sleep(2);
        if (answered) await grant.sent();
      };
      const work = Promise.all(pacers.flatMap((p, k) => Array.from({ length: 200 }, (_, i) => send(p, k * 1000 + i))));
      let done = false;
      void work.then(() => (done = true));
      while (!done) {
        await new Promise((r) => setImmediate(r));
        timers.sort((x, y) => x.at - y.at);
        const t = timers.shift();
        if (!t) continue;
        now = Math.max(now, t.at);
        t.resolve();
      }
      return { busiest: busiest(arrivals, 1000), perSecond: arrivals.length / (Math.max(...arrivals) / 1000) };
    };
    // Counted from their grants, the late requests land among the next grants: 30 or more in a second.
    expect((await arrivalsWith(false)).busiest).toBeGreaterThan(30);
    const paced = await arrivalsWith(true);
    expect(paced.busiest).toBeLessThanOrEqual(30);
    expect(paced.perSecond).toBeGreaterThan(0.9 * 29);
  });

  test('GIVEN a week of briefings to 5,000 chats THEN the windows remember only the chats of the last minute', () => {
    let now = 0;
    const w = new LocalWindows(() => now);
    for (let day = 0; day < 7; day++) {
      for (let i = 0; i < 5000; i++) {
        now += 40;
        expect(w.take(rulesFor('telegram', String(i % 3 ? 1000 + i : -1000 - i), 29)).waitMs).toBe(0);
      }
      now += 86_400_000;
    }
    // 1,024 grants between sweeps, a group's window is a minute: far fewer than the 5,000 chats.
    expect(w.size).toBeLessThan(2 * 1024 + 60_000 / 40);
  });

  test('GIVEN Redis refuses THEN the pacer keeps pacing on local windows and says so once', async () => {
    const warnings: string[] = [];
    const log = { ...silentLogger(), warn: (_: unknown, msg: string) => warnings.push(msg), info: () => undefined } as unknown as ReturnType<typeof silentLogger>;
    const broken = { eval: async () => Promise.reject(new Error('connect ECONNREFUSED')) };
    const w = new RedisWindows(broken, log);
    const rules = rulesFor('telegram', '1', 29);
    expect((await w.tryTake(rules)).waitMs).toBe(0);
    expect((await w.tryTake(rules)).waitMs).toBeGreaterThan(0);
    await w.tryTake(rulesFor('telegram', '2', 29));
    expect(warnings).toHaveLength(1);
  });
});

describe('pacing shared through Redis', () => {
  const REDIS_URL = process.env.CARRYBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redis = new Redis(REDIS_URL);
  afterAll(() => redis.disconnect());

  test('GIVEN two processes on one Redis THEN a chat rule taken by one holds the other, and the platform-wide window is one', async () => {
    const prefix = `carrybot-pace-${randomUUID().slice(0, 8)}`;
    const a = new RedisWindows(redis);
    const b = new RedisWindows(redis);
    expect((await a.tryTake(rulesFor('telegram', '7', 29, prefix))).waitMs).toBe(0);
    const v = await b.tryTake(rulesFor('telegram', '7', 29, prefix));
    expect(v.waitMs).toBeGreaterThan(0);
    // Another chat through b: only the even spacing of the shared platform-wide window applies.
    const other = await b.tryTake(rulesFor('telegram', '8', 29, prefix));
    expect(other.waitMs).toBeLessThanOrEqual(35);
    if (other.waitMs > 0) expect(other.blockedBy).toBe(0);
    const held = rulesFor('telegram', '9', 29, prefix);
    await a.hold(held[1]!.key, 5000);
    const blocked = await b.tryTake(held);
    expect(blocked.waitMs).toBeGreaterThan(4000);
    expect(blocked.blockedBy).toBe(1);
  });

  test('GIVEN a grant whose request was answered later THEN every process counts it from the answer', async () => {
    const prefix = `carrybot-pace-${randomUUID().slice(0, 8)}`;
    const a = new RedisWindows(redis);
    const b = new RedisWindows(redis);
    const rules: Rule[] = [{ key: `${prefix}:one`, limit: 1, windowMs: 1000 }];
    const grant = await a.tryTake(rules);
    expect(grant.waitMs).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    await a.sent(rules, grant.member!);
    // Counted from the grant, b would wait ≈ 700 ms; from the answer, ≈ 1000 ms.
    expect((await b.tryTake(rules)).waitMs).toBeGreaterThan(900);
  });
});

describe('lanes: replies before broadcasts', () => {
  test('GIVEN 60 briefings waiting for the platform-wide window WHEN someone writes THEN the reply gets the next slot, and the briefings keep their order', async () => {
    const { pacer, now, run } = fakeTime();
    const order: string[] = [];
    let replyAt = 0;
    const bulk = Array.from({ length: 60 }, (_, i) => pacer.take(rulesFor('telegram', String(2000 + i), 29), 'bulk').then(() => order.push(`b${i}`)));
    const all = (async () => {
      // Let 10 briefings go, then a reply arrives behind the other 50.
      while (order.length < 10) await new Promise((r) => setImmediate(r));
      const asked = now();
      await pacer.take(rulesFor('telegram', '777', 29), 'reply');
      order.push('reply');
      replyAt = now() - asked;
      await Promise.all(bulk);
    })();
    await run(all);
    const at = order.indexOf('reply');
    // Granted within two slots of arriving (the probe already out may go first), not after 50.
    expect(at).toBeGreaterThanOrEqual(10);
    expect(at).toBeLessThanOrEqual(12);
    expect(replyAt).toBeLessThanOrEqual((2 * 1000) / 29 + 1);
    expect(order.filter((o) => o !== 'reply')).toEqual(Array.from({ length: 60 }, (_, i) => `b${i}`));
  });

  test('GIVEN replies and briefings THEN the platform-wide window still holds all of them together', async () => {
    const { pacer, now, run } = fakeTime();
    const times: number[] = [];
    const takes = Array.from({ length: 120 }, (_, i) => pacer.take(rulesFor('telegram', String(3000 + i), 29), i % 3 ? 'bulk' : 'reply').then(() => times.push(now())));
    await run(Promise.all(takes));
    expect(busiest(times, 1000)).toBeLessThanOrEqual(30);
    expect(busiest(times, 2000)).toBeLessThanOrEqual(59);
  });
});

describe('pacing helpers for the adapters', () => {
  test('GIVEN the Telegram transformer THEN sends are paced per chat and other calls pass straight through', async () => {
    let now = 0;
    const waits: number[] = [];
    const pacer = new Pacer(new LocalWindows(() => now), async (ms) => {
      waits.push(ms);
      now += ms;
    });
    const calls: string[] = [];
    const prev = (async (method: string) => {
      calls.push(method);
      return { ok: true, result: true };
    }) as unknown as Parameters<ReturnType<typeof telegramPacing>>[0];
    const paced = telegramPacing(pacer, 29);
    await paced(prev, 'sendMessage', { chat_id: 5, text: 'a' });
    await paced(prev, 'sendMessage', { chat_id: 5, text: 'b' });
    await paced(prev, 'answerCallbackQuery', { callback_query_id: 'x' });
    expect(calls).toEqual(['sendMessage', 'sendMessage', 'answerCallbackQuery']);
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(1000 - 1e-6); // the same chat, one a second
  });

  test('GIVEN a send Telegram answers after 300 ms, or fails THEN the chat’s next send waits a second from that answer', async () => {
    let now = 0;
    const pacer = new Pacer(new LocalWindows(() => now), async (ms) => {
      now += ms;
    });
    const at: number[] = [];
    const slow = (async () => {
      at.push(now);
      now += 300;
      throw new Error('socket hang up');
    }) as unknown as Parameters<ReturnType<typeof telegramPacing>>[0];
    const paced = telegramPacing(pacer, 29);
    await expect(paced(slow, 'sendMessage', { chat_id: 6, text: 'a' })).rejects.toThrow('socket hang up');
    await expect(paced(slow, 'sendMessage', { chat_id: 6, text: 'b' })).rejects.toThrow();
    expect(at).toEqual([0, 1300]);
  });

  test('GIVEN Discord reports a channel bucket empty THEN that channel is held until the reset', async () => {
    let now = 0;
    const pacer = new Pacer(new LocalWindows(() => now), async (ms) => {
      now += ms;
    });
    const watch = discordBuckets(pacer);
    watch('/channels/123/messages', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '2.5' });
    watch('/channels/124/messages', { 'x-ratelimit-remaining': '3', 'x-ratelimit-reset-after': '2.5' });
    await new Promise((r) => setImmediate(r));
    await pacer.take(rulesFor('discord', '124', 20));
    expect(now).toBe(0);
    await pacer.take(rulesFor('discord', '123', 20));
    expect(now).toBeGreaterThanOrEqual(2500);
  });
});
