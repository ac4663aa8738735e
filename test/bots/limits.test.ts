import { describe, expect, test } from 'vitest';
import { Limits } from '../../src/bots/limits.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('Limits: a token bucket per key, on an injected clock', () => {
  test('GIVEN a burst of 3 THEN 3 ok, one warn, then silent while the clock stands still', () => {
    const c = clock();
    const l = new Limits({ burst: 3, perMinute: 6 }, c.now);
    expect(Array.from({ length: 6 }, () => l.take('a'))).toEqual(['ok', 'ok', 'ok', 'warn', 'silent', 'silent']);
  });

  test('GIVEN 6 a minute THEN a token comes back after 10 s, not after 5', () => {
    const c = clock();
    const l = new Limits({ burst: 2, perMinute: 6 }, c.now);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual(['ok', 'ok', 'warn']);
    c.advance(5_000);
    expect(l.take('a')).toBe('silent'); // half a token
    c.advance(6_000);
    expect(l.take('a')).toBe('ok'); // the half plus six tenths: one token, spent
    expect(l.take('a')).toBe('warn'); // the bucket is empty again: warned anew after an ok
  });

  test('GIVEN a long pause THEN the bucket refills to the burst and no further', () => {
    const c = clock();
    const l = new Limits({ burst: 2, perMinute: 60 }, c.now);
    l.take('a');
    l.take('a');
    c.advance(3_600_000);
    expect([l.take('a'), l.take('a'), l.take('a'), l.take('a')]).toEqual(['ok', 'ok', 'warn', 'silent']);
  });

  test('GIVEN a warned key that refills THEN it is warned again next time it runs dry (the warning resets)', () => {
    const c = clock();
    const l = new Limits({ burst: 1, perMinute: 60 }, c.now);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual(['ok', 'warn', 'silent']);
    c.advance(1_000);
    expect([l.take('a'), l.take('a'), l.take('a')]).toEqual(['ok', 'warn', 'silent']);
  });

  test('GIVEN two keys THEN each has its own bucket', () => {
    const c = clock();
    const l = new Limits({ burst: 1, perMinute: 1 }, c.now);
    expect([l.take('a'), l.take('b'), l.take('a'), l.take('b')]).toEqual(['ok', 'ok', 'warn', 'warn']);
  });

  test('GIVEN more keys than maxKeys THEN the least recently used key is forgotten (it starts with a full bucket again)', () => {
    const c = clock();
    const l = new Limits({ burst: 1, perMinute: 1, maxKeys: 2 }, c.now);
    expect([l.take('a'), l.take('b')]).toEqual(['ok', 'ok']);
    expect(l.take('a')).toBe('warn'); // a is now the most recently used, b the least
    expect(l.take('c')).toBe('ok'); // a third key: b is evicted
    expect(l.take('a')).toBe('silent'); // a was kept, empty and warned
    expect(l.take('b')).toBe('ok'); // b was forgotten: a fresh, full bucket (and c, now least recent, goes)
    expect(l.take('c')).toBe('ok');
  });
});
