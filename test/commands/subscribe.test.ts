import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { SubscriptionStore } from '../../src/briefings/store.js';
import { makeContext } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import type { ChatSettings } from '../../src/commands/types.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, StoreError, type StateStore } from '../../src/state/store.js';
import { dataset } from '../helpers.js';

const opened: StateStore[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function chat(now = new Date('2026-11-27T03:00:00Z')) {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-sub-')) });
  opened.push(store);
  const settings = new KeyvSettings(store);
  const subscriptions = new SubscriptionStore(store);
  const say = async (line: string, override: ChatSettings = {}) => {
    const ctx = await makeContext({ dataset: dataset(), settings, subscriptions, chatId: 'tg:-100', platform: 'telegram', now, override });
    const out = await execute(line, ctx);
    if (!out.ok) throw new Error(out.error.message);
    return out.answer;
  };
  return { say, settings, subscriptions };
}

describe('/subscribe and /unsubscribe', () => {
  test('GIVEN /subscribe alone in a Chinese chat THEN 08:00 weekdays in Asia/Shanghai, next delivery in local time and UTC', async () => {
    const { say, subscriptions } = await chat();
    const a = await say('/subscribe', { lang: 'zh' });
    expect(a.text).toBe('已订阅：每个工作日 08:00（Asia/Shanghai）在这里推送早报。\n下一次：当地时间 2026年11月30日（周一） 08:00，UTC 11月30日 00:00。');
    expect(await subscriptions.get('tg:-100')).toMatchObject({ time: '08:00', zone: 'Asia/Shanghai', days: 'weekdays', status: 'active' });
  });

  test('GIVEN a time, a zone and daily THEN they are kept, the chat takes the zone, and the confirmation names the next delivery', async () => {
    const { say, settings } = await chat(new Date('2026-03-07T13:00:00Z')); // 08:00 EST on Saturday; DST starts overnight
    const a = await say('/subscribe 7:30 America/New_York daily');
    expect(a.text).toBe('Subscribed: the briefing comes here every day at 07:30 (America/New_York).\nNext: Sun 8 Mar 2026 07:30 your time, 8 Mar 11:30 UTC.');
    expect((await settings.get('tg:-100')).timezone).toBe('America/New_York');
    expect(a.figures).toMatchObject({ time: '07:30', zone: 'America/New_York', days: 'daily', next: '2026-03-08T11:30:00.000Z' });
  });

  test('GIVEN /settings tz THEN the subscription follows the chat`s zone; /settings shows the briefing', async () => {
    const { say, subscriptions } = await chat();
    await say('/subscribe 08:00 UTC');
    await say('/settings tz Asia/Tokyo');
    expect((await subscriptions.get('tg:-100'))!.zone).toBe('Asia/Tokyo');
    expect((await say('/settings')).text).toContain('Briefing: on weekdays at 08:00 (Asia/Tokyo).');
  });

  test('GIVEN /unsubscribe THEN it stops; a second time says there was none', async () => {
    const { say, subscriptions } = await chat();
    await say('/subscribe');
    expect((await say('/unsubscribe')).text).toBe('Unsubscribed: no more morning briefings here.');
    expect(await subscriptions.get('tg:-100')).toBeUndefined();
    expect((await say('/unsubscribe')).text).toBe('This chat has no briefing subscription; /subscribe starts one.');
  });

  test.each([
    ['/subscribe 25:00', 'Time “25:00” is not a time of day: give HH:MM from 00:00 to 23:59, e.g. /subscribe 07:30 Asia/Shanghai'],
    ['/subscribe 08:00 Mars/Base', 'Unknown timezone “Mars/Base”: use an IANA name such as Asia/Shanghai or America/New_York, e.g. /settings tz Asia/Shanghai'],
    ['/subscribe 08:00 UTC hourly', 'Days “hourly” is not one of weekdays | daily, e.g. /subscribe weekdays'],
  ])('GIVEN %s THEN one line naming what is valid', async (line, message) => {
    const { say, subscriptions } = await chat();
    await expect(say(line)).rejects.toThrow(message);
    expect(await subscriptions.get('tg:-100')).toBeUndefined();
  });
});

describe('the state store', () => {
  test('GIVEN an unreadable store file THEN start-up fails with the file named, nothing is reset', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'carrybot-bad-'));
    const file = join(dir, 'carrybot.sqlite');
    writeFileSync(file, 'not a database '.repeat(200));
    await expect(openStore({ dataDir: dir })).rejects.toThrow(StoreError);
    await expect(openStore({ dataDir: dir })).rejects.toThrow(`state: cannot use sqlite ${file}: SQLITE_NOTADB`);
  });

  test('GIVEN two kinds of record THEN listing one never shows the other', async () => {
    const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-ns-')) });
    opened.push(store);
    await new KeyvSettings(store).set('tg:1', { lang: 'zh' });
    const subs = new SubscriptionStore(store);
    await subs.put({ chatId: 'tg:2', time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: 'x' });
    expect((await subs.all()).map((s) => s.chatId)).toEqual(['tg:2']);
  });
});
