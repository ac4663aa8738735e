/**
 * Alerts end to end on Discord: /alert through the real discord.js bot against the fake gateway and
 * REST, the data through the real refresh against fake sources, delivery over REST (as a worker
 * process sends), the real SQLite store. Meeting reminders, outcomes, a yield line, a gone channel.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AlertStore } from '../../src/alerts/store.js';
import { AlertWatcher } from '../../src/alerts/watch.js';
import { discordBriefings } from '../../src/bots/briefing-senders.js';
import { startDiscord } from '../../src/bots/discord/index.js';
import { DiscordRestSender } from '../../src/bots/discord/sender.js';
import { Broadcaster } from '../../src/briefings/broadcaster.js';
import { DeliveryLog, SubscriptionStore } from '../../src/briefings/store.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { loadDataset, type Dataset } from '../../src/data/dataset.js';
import { Refresher } from '../../src/data/refresh.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeDiscord } from '../fakes/discord.js';
import { FakeSources } from '../fakes/sources.js';
import { moveYields, refreshConfig } from './world.js';

const TOKEN = 'MTA4OTQ2NzE4.FakeAlertsToken.abcdefghijklmnopqrstuvwxyz0123';
const fake = new FakeDiscord();
const sources = new FakeSources();
const clock = { now: new Date('2026-12-01T12:00:00Z') };
const renderer = new ChartRenderer();
const dirs: string[] = [];
let store: StateStore;
let dataset: Dataset;
let refresher: Refresher;
let alerts: AlertStore;
let apiBase: string;
let running: Awaited<ReturnType<typeof startDiscord>>;

beforeAll(async () => {
  apiBase = await fake.start();
  sources.useFixtures();
  const base = await sources.start();
  const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-alerts-dc-'));
  dirs.push(dataDir);
  store = await openStore({ dataDir });
  dataset = loadDataset(undefined, { overlayDir: dataDir });
  refresher = new Refresher(dataset, refreshConfig(base), silentLogger());
  await refresher.refresh({ now: clock.now });
  alerts = new AlertStore(store);
  running = await startDiscord({
    token: TOKEN,
    apiBase,
    dataset,
    settings: new KeyvSettings(store),
    subscriptions: new SubscriptionStore(store),
    alerts,
    renderer,
    logger: silentLogger(),
    now: () => clock.now,
    onHandled: fake.handled,
  });
}, 30_000);
afterAll(async () => {
  await running?.stop();
  await renderer.close();
  await fake.close();
  await sources.close();
  await store?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

function process() {
  const deliveries = new DeliveryLog(store);
  const settings = new KeyvSettings(store);
  const now = () => clock.now;
  const sender = new DiscordRestSender(TOKEN, apiBase, renderer, silentLogger());
  const broadcaster = new Broadcaster({ dataset, settings, subscriptions: new SubscriptionStore(store), alerts, deliveries, senders: { discord: discordBriefings(sender, 50) }, logger: silentLogger(), clock: now, backoffMs: 20 });
  const watcher = new AlertWatcher({ alerts, deliveries, fanout: broadcaster, dataset, settings, platforms: new Set(['discord']), logger: silentLogger(), clock: now });
  return {
    async at(iso: string, o: { refresh?: boolean } = {}) {
      clock.now = new Date(iso);
      if (o.refresh) await refresher.refresh({ now: clock.now });
      await watcher.tick();
      await broadcaster.idle();
    },
    stop: () => broadcaster.stop(),
  };
}

const posts = (channel: string) => fake.find('POST', new RegExp(`^/channels/${channel}/messages$`));
const titleOf = (p: { body: Record<string, unknown> | null }) => String((p.body!.embeds as Array<{ title?: string; description?: string }>)[0]!.title);
const textOf = (p: { body: Record<string, unknown> | null }) => JSON.stringify(p.body!.embeds);

async function command(name: string, options: Array<{ name: string; value: string }>, o: { channelId: string; permissions?: string; locale?: string }) {
  const { id } = fake.interact({ name, options: options.map((x) => ({ ...x, type: 3 })), permissions: o.permissions ?? '32', channelId: o.channelId, locale: o.locale ?? 'en-US' });
  await fake.processed(id);
  return JSON.stringify(fake.callback(id).map((c) => c.body)) + JSON.stringify(fake.find('PATCH', /@original$/).slice(-1).map((c) => c.body));
}

/** Daily rows of the Fed's target range from `from` through `to`. */
function fedRange(from: string, to: string, upper: number, lower: number) {
  for (const [id, v] of [['DFEDTARU', upper], ['DFEDTARL', lower]] as const) {
    let body = sources.graph.get(id)!.trimEnd();
    for (let d = new Date(`${from}T00:00:00Z`); d <= new Date(`${to}T00:00:00Z`); d = new Date(d.getTime() + 86_400_000)) body += `\n${d.toISOString().slice(0, 10)},${v.toFixed(2)}`;
    sources.graph.set(id, `${body}\n`);
  }
}

describe('alerts on Discord', () => {
  const channel = '500000000000000301';

  test('GIVEN /alert fomc in a server channel THEN the day-before reminder once, and the cut once the data shows it, with the carry threshold', async () => {
    const reply = await command('alert', [{ name: 'what', value: 'fomc' }], { channelId: channel });
    expect(reply).toContain('Alert #1 set: FOMC meetings');
    expect(reply).toContain('9 Dec 2026');

    const p = process();
    // The channel has no zone set: UTC. The FOMC decides 9 Dec 19:00 UTC; the reminder goes from 8 Dec 09:00.
    await p.at('2026-12-08T08:30:00Z');
    expect(posts(channel)).toHaveLength(0);
    await p.at('2026-12-08T09:05:00Z');
    expect(posts(channel)).toHaveLength(1);
    expect(textOf(posts(channel)[0]!)).toContain('the FOMC decides tomorrow');
    await p.at('2026-12-08T15:00:00Z');
    expect(posts(channel)).toHaveLength(1);

    // The cut shows in the target range dated the day after.
    fedRange('2026-12-01', '2026-12-09', 3.5, 3.25);
    fedRange('2026-12-10', '2026-12-10', 3.25, 3.0);
    await p.at('2026-12-10T12:00:00Z', { refresh: true });
    expect(posts(channel)).toHaveLength(2);
    const outcome = posts(channel)[1]!;
    expect(titleOf(outcome)).toContain('Alert #1: FOMC 9 Dec: cut 25bp to 3%–3.25%');
    expect(textOf(outcome)).toContain('carry threshold');
    expect(outcome.files).toHaveLength(1);
    // Another pass, and a restarted process: no second copy.
    await p.at('2026-12-10T12:30:00Z');
    await p.stop();
    const again = process();
    await again.at('2026-12-10T13:00:00Z');
    expect(posts(channel)).toHaveLength(2);
    await again.stop();
  });

  test('GIVEN /alert us10y above 4.5 and a member without Manage Server THEN only the admin’s alert is set; the crossing posts one message with the chart and nudge buttons', async () => {
    const c = '500000000000000302';
    expect(await command('alert', [{ name: 'what', value: 'us10y' }, { name: 'direction', value: 'above' }, { name: 'level', value: '4.5' }], { channelId: c, permissions: '0' })).toContain('only its admins');
    expect(await alerts.list(`dc:${c}`)).toEqual([]);
    expect(await command('alert', [{ name: 'what', value: 'us10y' }, { name: 'direction', value: 'above' }, { name: 'level', value: '4.5' }], { channelId: c })).toContain('Alert #1 set: the US 10y yield above 4.5%');
    const p = process();
    moveYields(sources, [['2026-12-11', 4.62, 1.99]]);
    await p.at('2026-12-11T12:00:00Z', { refresh: true });
    expect(posts(c)).toHaveLength(1);
    const post = posts(c)[0]!;
    expect(titleOf(post)).toBe('🔔 Alert #1: the US 10y yield is above 4.5% — 4.62% on 11 Dec 2026.');
    expect(post.files[0]!.data.subarray(1, 4).toString()).toBe('PNG');
    expect((post.body!.components as Array<{ components: unknown[] }>)[0]!.components.length).toBeGreaterThanOrEqual(4);
    await p.at('2026-12-11T13:00:00Z');
    expect(posts(c)).toHaveLength(1);
    await p.stop();
  });

  test('GIVEN a channel that was deleted THEN its alert is disabled after the first failed post, and never retried', async () => {
    const c = '500000000000000303';
    expect(await command('alert', [{ name: 'what', value: 'jp10y' }, { name: 'level', value: '2.1' }], { channelId: c })).toContain('the JGB 10y yield above 2.1%');
    fake.missingChannels.add(c);
    const p = process();
    moveYields(sources, [['2026-12-14', 4.6, 2.15]]);
    await p.at('2026-12-14T12:00:00Z', { refresh: true });
    expect(posts(c)).toHaveLength(1);
    expect((await alerts.get(`dc:${c}`))?.status).toBe('disabled');
    await p.at('2026-12-15T12:00:00Z');
    expect(posts(c)).toHaveLength(1);
    await p.stop();
  });
});
