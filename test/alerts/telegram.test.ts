/**
 * Alerts end to end on Telegram: the real grammY bot against the fake Bot API, the real refresh
 * against fake sources serving each publisher's format, the real SQLite store. The sources move the
 * spread; the watcher, the broadcaster and the delivery do the rest.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AlertStore } from '../../src/alerts/store.js';
import { AlertWatcher } from '../../src/alerts/watch.js';
import { telegramBriefings } from '../../src/bots/briefing-senders.js';
import type { Running } from '../../src/bots/running.js';
import { startTelegram } from '../../src/bots/telegram/index.js';
import type { TelegramSender } from '../../src/bots/telegram/sender.js';
import { Broadcaster } from '../../src/briefings/broadcaster.js';
import { DeliveryLog, SubscriptionStore } from '../../src/briefings/store.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { loadDataset, type Dataset } from '../../src/data/dataset.js';
import { Refresher } from '../../src/data/refresh.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeSources } from '../fakes/sources.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { CJK } from '../helpers.js';
import { moveYields, refreshConfig } from './world.js';

const tg = new FakeTelegram();
const sources = new FakeSources();
const clock = { now: new Date('2026-12-01T09:00:00Z') };
const dirs: string[] = [];
let sourcesBase: string;
let store: StateStore;
let dataset: Dataset;
let refresher: Refresher;
let running: Running & { sender: TelegramSender };
let alerts: AlertStore;
const renderer = new ChartRenderer();

beforeAll(async () => {
  const apiRoot = await tg.start();
  sourcesBase = await sources.start();
  sources.useFixtures();
  const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-alerts-tg-'));
  dirs.push(dataDir);
  store = await openStore({ dataDir });
  dataset = loadDataset(undefined, { overlayDir: dataDir });
  refresher = new Refresher(dataset, refreshConfig(sourcesBase), silentLogger());
  alerts = new AlertStore(store);
  running = await startTelegram(
    {
      token: '7171:AAE_alerts-test-token_abcdefghijklmnop',
      apiRoot,
      dataset,
      settings: new KeyvSettings(store),
      subscriptions: new SubscriptionStore(store),
      alerts,
      renderer,
      logger: silentLogger(),
      now: () => clock.now,
      onHandled: tg.handled,
    },
    { timeout: 1 },
  );
});
afterAll(async () => {
  await running?.stop();
  await renderer.close();
  await tg.close();
  await sources.close();
  await store?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** A bot process as the alerts see it: its own memory (watcher, queue) over the shared store. */
function process() {
  const deliveries = new DeliveryLog(store);
  const settings = new KeyvSettings(store);
  const now = () => clock.now;
  const broadcaster = new Broadcaster({
    dataset,
    settings,
    subscriptions: new SubscriptionStore(store),
    alerts,
    deliveries,
    senders: { telegram: telegramBriefings(running.sender, 200) },
    logger: silentLogger(),
    clock: now,
    backoffMs: 20,
  });
  const watcher = new AlertWatcher({ alerts, deliveries, fanout: broadcaster, dataset, settings, platforms: new Set(['telegram']), logger: silentLogger(), clock: now });
  return {
    watcher,
    /** A refresh, then the pass it triggers, then every delivery it queued. */
    async after(day: string) {
      clock.now = new Date(`${day}T09:00:00Z`);
      await refresher.refresh({ now: clock.now });
      await watcher.tick();
      await broadcaster.idle();
    },
    stop: () => broadcaster.stop(),
  };
}

const photosTo = (chatId: number) => tg.ok('sendPhoto').filter((c) => Number(c.params.chat_id) === chatId);
const textsTo = (chatId: number) => tg.ok('sendMessage').filter((c) => Number(c.params.chat_id) === chatId);

async function say(text: string, o: { chatId: number; lang: string }) {
  const id = tg.message(text, { chatId: o.chatId, userId: o.chatId, lang: o.lang });
  await tg.processed(id);
  return String(textsTo(o.chatId).at(-1)!.params.text);
}

describe('alerts on Telegram: a line on the spread', () => {
  test('GIVEN /alert spread below 2.0 at 2.20 WHEN the sources move it to 1.90 THEN one alert in the chat’s language, with a chart; a restart, and a value hovering 1.95–2.02, send nothing more; back past 2.10 and down again: a second', async () => {
    const chat = 8101;
    const p1 = process();
    moveYields(sources, [['2026-12-01', 4.185, 1.985]]); // spread 2.20
    await p1.after('2026-12-01');

    const saved = await say('/alert spread below 2.0', { chatId: chat, lang: 'zh-hans' });
    expect(saved).toMatch(CJK);
    expect(saved).toContain('已设置提醒 #1');
    expect(saved).toContain('2.2 个百分点');
    expect(await alerts.list(`tg:${chat}`)).toEqual([expect.objectContaining({ id: 1, kind: 'level', series: 'spread', op: 'below', threshold: 2, armed: true })]);

    moveYields(sources, [['2026-12-02', 3.885, 1.985]]); // 1.90
    await p1.after('2026-12-02');
    expect(photosTo(chat)).toHaveLength(1);
    const caption = String(photosTo(chat)[0]!.params.caption);
    expect(caption).toMatch(CJK);
    expect(caption).toContain('提醒 #1');
    expect(caption).toContain('低于 2 个百分点');
    expect(caption).toContain('1.9 个百分点');
    expect(caption).toContain('2026年12月2日');
    // The photo is the chart of the carried /carry answer at 1.90.
    expect(Object.values(photosTo(chat)[0]!.files)[0]?.subarray(1, 4).toString()).toBe('PNG');

    // The same day again, and a fresh process (a restart) over the same store: nothing new.
    await p1.after('2026-12-02');
    await p1.stop();
    const p2 = process();
    await p2.after('2026-12-02');
    expect(photosTo(chat)).toHaveLength(1);

    // Hovering at the line, within the 10bp band: 1.95, 2.02, 1.96 — nothing.
    moveYields(sources, [['2026-12-03', 3.935, 1.985]]);
    await p2.after('2026-12-03');
    moveYields(sources, [['2026-12-04', 4.005, 1.985]]);
    await p2.after('2026-12-04');
    moveYields(sources, [['2026-12-07', 3.945, 1.985]]);
    await p2.after('2026-12-07');
    expect(photosTo(chat)).toHaveLength(1);
    expect((await alerts.list(`tg:${chat}`))[0]!.armed).toBe(false);

    // Back to 2.12 (past 2.10: re-armed, silently), then 1.97: the second message.
    moveYields(sources, [['2026-12-08', 4.105, 1.985]]);
    await p2.after('2026-12-08');
    expect(photosTo(chat)).toHaveLength(1);
    expect((await alerts.list(`tg:${chat}`))[0]!.armed).toBe(true);
    moveYields(sources, [['2026-12-09', 3.955, 1.985]]);
    await p2.after('2026-12-09');
    expect(photosTo(chat)).toHaveLength(2);
    expect(String(photosTo(chat)[1]!.params.caption)).toContain('1.97 个百分点');
    await p2.stop();
  });

  test('GIVEN a firing written to the store by a process that died before sending it THEN the next process delivers it once, in the language the alert was set in', async () => {
    const chat = 8102;
    await alerts.add(`tg:${chat}`, { kind: 'level', series: 'us10y', op: 'above', threshold: 4 }, { armed: true, now: clock.now, max: 10, lang: 'en' });
    const rec = (await alerts.get(`tg:${chat}`))!;
    const key = `tg:${chat}|alert:1|2026-12-09`;
    const event = { type: 'level' as const, id: 1, series: 'us10y' as const, op: 'above' as const, threshold: 4, value: 4.12, date: '2026-12-09', rearm: 3.9 };
    await alerts.put({ ...rec, alerts: [{ ...rec.alerts[0]!, armed: false, pending: [{ key, localDate: '2026-12-09', event }], seen: [key] }] });
    const p = process();
    await p.after('2026-12-09');
    await p.after('2026-12-09');
    expect(photosTo(chat)).toHaveLength(1);
    expect(String(photosTo(chat)[0]!.params.caption)).toContain('🔔 Alert #1: the US 10y yield is above 4% — 4.12% on 9 Dec 2026.');
    expect((await alerts.get(`tg:${chat}`))!.alerts[0]!.pending).toEqual([]);
    await p.stop();
  });

  test('GIVEN “利差跌破1.8提醒我” in words, in a private chat THEN the alert is set as /alert spread below 1.8 would, answered in Chinese', async () => {
    const chat = 8103;
    const reply = await say('利差跌破1.8提醒我', { chatId: chat, lang: 'en' });
    expect(reply).toContain('已设置提醒 #1：美日10年期利差低于 1.8 个百分点。');
    expect(await alerts.list(`tg:${chat}`)).toEqual([expect.objectContaining({ id: 1, series: 'spread', op: 'below', threshold: 1.8 })]);
  });
});
