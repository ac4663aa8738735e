import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, test } from 'vitest';
import { SubscriptionStore } from '../../src/briefings/store.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, safeUrl, StoreError, type StateStore } from '../../src/state/store.js';

/** .ci/run makes sure a Redis server listens here. */
const REDIS_URL = process.env.CARRYBOT_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `carrybot-test-${randomUUID().slice(0, 8)}`;
const opened: StateStore[] = [];
afterAll(async () => {
  for (const s of opened) {
    for (const ns of ['settings', 'subscriptions', 'meta']) await s.keyv(ns).clear();
    await s.close();
  }
});

const open = async () => {
  const s = await openStore({ dataDir: '/nonexistent', redisUrl: REDIS_URL, prefix });
  opened.push(s);
  return s;
};

describe('state in Redis (REDIS_URL)', () => {
  test('GIVEN two bot processes on one Redis THEN a setting made through one is seen by the other', async () => {
    const [a, b] = [await open(), await open()];
    await new KeyvSettings(a).set('tg:42', { lang: 'zh', preset: 'article' });
    expect(await new KeyvSettings(b).get('tg:42')).toEqual({ lang: 'zh', preset: 'article' });
    expect(a.describe()).toBe(`redis ${REDIS_URL}`);
  });

  test('GIVEN subscriptions and settings for the same chat THEN listing subscriptions shows only subscriptions', async () => {
    const s = await open();
    await new KeyvSettings(s).set('tg:7', { lang: 'en' });
    const subs = new SubscriptionStore(s);
    await subs.put({ chatId: 'tg:7', time: '07:00', zone: 'UTC', days: 'daily', status: 'active', since: 'x' });
    expect((await subs.all()).map((x) => [x.chatId, x.time])).toEqual([['tg:7', '07:00']]);
  });

  test('GIVEN 1,500 subscriptions among settings and other keys THEN listing gives each subscription exactly once', async () => {
    const s = await open();
    const subs = new SubscriptionStore(s);
    const settings = new KeyvSettings(s);
    for (let i = 0; i < 1500; i++) {
      await subs.put({ chatId: `tg:${1000 + i}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: 'x' });
      if (i % 3 === 0) await settings.set(`tg:${1000 + i}`, { lang: 'zh' });
    }
    const listed = (await subs.all()).map((x) => x.chatId).filter((id) => id !== 'tg:7');
    expect(listed).toHaveLength(1500);
    expect(new Set(listed).size).toBe(1500);
  }, 60_000);

  test('GIVEN a kind of record not used yet WHEN 50 chats change their settings at once THEN every change is kept (none fails while its connection opens)', async () => {
    const s = await open();
    const settings = new KeyvSettings(s);
    const results = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => settings.set(`tg:${9000 + i}`, { lang: i % 2 ? 'zh' : 'en' })));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
    expect(await settings.get('tg:9001')).toEqual({ lang: 'zh' });
  });

  test('GIVEN a Redis that does not answer THEN a clear start-up error, with no password in it', async () => {
    const url = 'redis://bot:s3cret-pass@127.0.0.1:1';
    const err = await openStore({ dataDir: '/x', redisUrl: url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(String((err as Error).message)).toContain('state: cannot use redis redis://127.0.0.1:1');
    expect(String((err as Error).message)).not.toContain('s3cret-pass');
    expect(safeUrl(url)).toBe('redis://127.0.0.1:1');
  });
});
