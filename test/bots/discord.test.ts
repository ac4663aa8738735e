import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { Client } from 'discord.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { registerCommands } from '../../src/bots/discord/commands.js';
import { startDiscord } from '../../src/bots/discord/index.js';
import { LIMIT_DEFAULTS, Limits } from '../../src/bots/limits.js';
import { ChartRenderer, type RenderedChart } from '../../src/charts/renderer.js';
import type { ChartSpec } from '../../src/commands/chart.js';
import type { Theme } from '../../src/commands/types.js';
import { createLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { APP_ID, FakeDiscord } from '../fakes/discord.js';
import { formatter } from '../../src/commands/format.js';
import { CJK, dataset, NOW } from '../helpers.js';

const TOKEN = 'MTA4OTQ2NzE4.FakeDiscordToken.abcdefghijklmnopqrstuvwxyz0123';

/** A renderer whose renders wait at a gate the test opens: "slower than 3 s" without waiting 3 s. */
class GatedRenderer extends ChartRenderer {
  private gate: Promise<void> = Promise.resolve();
  private open: () => void = () => undefined;
  held = 0;
  shut(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }
  openGate(): void {
    this.open();
  }
  override async render(spec: ChartSpec, theme: Theme): Promise<RenderedChart> {
    this.held++;
    await this.gate;
    this.held--;
    return super.render(spec, theme);
  }
}

/** The limiters' clock: it moves only when a test moves it. */
let clockMs = NOW.getTime();
const renderer = new GatedRenderer({ concurrency: 1, maxQueue: 1000 });
const fake = new FakeDiscord();
const logs: string[] = [];
let store: StateStore;
let running: Awaited<ReturnType<typeof startDiscord>>;
const logger = createLogger({ level: 'debug', secrets: [TOKEN], destination: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) });

beforeAll(async () => {
  const apiBase = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-dc-')) });
  running = await startDiscord({
    token: TOKEN,
    apiBase,
    dataset: dataset(),
    settings: new KeyvSettings(store),
    renderer,
    // The product's limits, on a clock the tests move: every test uses its own users and channels.
    limits: new Limits(LIMIT_DEFAULTS.user, () => clockMs),
    chatLimits: new Limits(LIMIT_DEFAULTS.chat, () => clockMs),
    logger,
    now: () => NOW,
    onHandled: fake.handled,
  });
}, 30_000);

afterAll(async () => {
  await running?.stop();
  await fake.close();
  await store?.close();
});

const callback = (id: string) => fake.callback(id);
const original = (token: string) => fake.original(token);

describe('Discord adapter (real discord.js against a fake REST + gateway)', () => {
  test('GIVEN start-up THEN one bulk overwrite registers every command with zh-CN localizations, typed options and Manage Server on admin commands', async () => {
    const puts = fake.find('PUT', new RegExp(`^/applications/${APP_ID}/commands$`));
    expect(puts).toHaveLength(1);
    const cmds = puts[0]!.body as unknown as Array<Record<string, any>>;
    const carry = cmds.find((c) => c.name === 'carry')!;
    expect(carry.description).not.toMatch(CJK);
    expect(carry.description_localizations['zh-CN']).toMatch(CJK);
    expect(carry.options[0]).toMatchObject({ name: 'spread', type: 10, min_value: 0, max_value: 6 });
    expect(carry.options[0].description_localizations['zh-CN']).toMatch(CJK);
    expect(cmds.find((c) => c.name === 'liquidity')!.options[0]).toMatchObject({ name: 'cut_bp', type: 4, min_value: 0, max_value: 300 });
    expect(cmds.find((c) => c.name === 'settings')!.default_member_permissions).toBe('32');
    expect(cmds.find((c) => c.name === 'settings')!.options[0].choices.map((c: { value: string }) => c.value)).toEqual(['lang', 'preset', 'tz', 'theme']);
    expect(cmds.every((c) => /^[a-z0-9_]+$/.test(c.name))).toBe(true);
  });

  test('GIVEN the same commands at the next start THEN registration is skipped', async () => {
    const before = fake.find('PUT', /commands$/).length;
    expect(await registerCommands(running.client as Client<true>, undefined, logger)).toBe('unchanged');
    expect(fake.find('PUT', /commands$/)).toHaveLength(before);
  });

  test('GIVEN /carry spread:1.5 with locale zh-CN THEN a deferred response before the chart is drawn, then an edit carrying a PNG and Chinese text', async () => {
    renderer.shut();
    const { id, token } = fake.interact({ name: 'carry', options: [{ name: 'spread', type: 10, value: 1.5 }], locale: 'zh-CN', userId: '700000000000000010' });
    // The chart cannot be drawn yet, and still the interaction is acknowledged.
    await fake.waitFor(() => callback(id).length === 1 && renderer.held === 1, 10_000, 'the deferral while the render waits');
    expect(callback(id)[0]!.body).toMatchObject({ type: 5 });
    expect(original(token)).toHaveLength(0);
    renderer.openGate();
    await fake.processed(id);
    expect(callback(id)).toHaveLength(1);
    expect(original(token)).toHaveLength(1);
    const edit = original(token)[0]!;
    expect(edit.files).toHaveLength(1);
    expect(edit.files[0]!.data.subarray(1, 4).toString()).toBe('PNG');
    const embed = (edit.body!.embeds as Array<Record<string, any>>)[0]!;
    expect(embed.title).toContain('日元套息平仓 1.2 万亿美元');
    expect(embed.image.url).toBe('attachment://carry.png');
    expect(embed.footer.text).toMatch(/^实测预设 · 数据截至 2025年12月30日/);
  });

  test('GIVEN a typed option of 0.0000001 THEN the command gets that number (never 1e-7 as text) and answers', async () => {
    const { token } = fake.interact({ name: 'carry', options: [{ name: 'spread', type: 10, value: 0.0000001 }], locale: 'en-US' });
    await fake.waitFor(() => original(token).length === 1);
    const embed = (original(token)[0]!.body!.embeds as Array<Record<string, any>>)[0]!;
    expect(embed.title).toBe('At a 0pp spread, $4.97T of yen carry unwinds and $2.48T flows home to Japan (99% of the $5T stock).');
  });

  test('GIVEN registration THEN what-if commands install to servers and users and work in DMs; admin commands stay in servers', () => {
    const cmds = fake.find('PUT', new RegExp(`^/applications/${APP_ID}/commands$`))[0]!.body as unknown as Array<Record<string, any>>;
    for (const name of ['carry', 'neutral', 'brief', 'help']) {
      expect(cmds.find((c) => c.name === name)).toMatchObject({ integration_types: [0, 1], contexts: [0, 1, 2] });
    }
    for (const name of ['settings', 'subscribe', 'unsubscribe']) {
      expect(cmds.find((c) => c.name === name)).toMatchObject({ integration_types: [0], contexts: [0] });
    }
  });

  test('GIVEN an out-of-range value THEN an ephemeral localized error at once, no deferral, pinging no one', async () => {
    const { id } = fake.interact({ name: 'carry', options: [{ name: 'spread', type: 10, value: 9 }], locale: 'en-US' });
    await fake.waitFor(() => callback(id).length === 1);
    expect(callback(id)[0]!.body).toEqual({ type: 4, data: expect.objectContaining({ content: 'Spread 9pp is out of range: give 0pp to 6pp, e.g. /carry 1.5', flags: 64, allowed_mentions: { parse: [] } }) });
  });

  test('GIVEN markdown and a mention in a value THEN the echo is escaped and mentions stay off', async () => {
    const { id } = fake.interact({ name: 'settings', options: [{ name: 'key', type: 3, value: 'tz' }, { name: 'value', type: 3, value: '**@everyone**' }], permissions: '32', channelId: '500000000000000077' });
    await fake.waitFor(() => callback(id).length === 1);
    const data = (callback(id)[0]!.body as { data: { content: string; allowed_mentions: unknown } }).data;
    expect(data.content).toContain('\\*\\*@everyone\\*\\*');
    expect(data.allowed_mentions).toEqual({ parse: [] });
  });

  test('GIVEN a member without Manage Server THEN /subscribe is refused; in a DM it is not an admin matter', async () => {
    const { id } = fake.interact({ name: 'subscribe', permissions: '0', locale: 'en-GB' });
    await fake.waitFor(() => callback(id).length === 1);
    const body = callback(id)[0]!.body as { type: number; data: { content: string; flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.content).toContain('only its admins');
    const admin = fake.interact({ name: 'settings', options: [{ name: 'key', type: 3, value: 'lang' }, { name: 'value', type: 3, value: 'zh' }], permissions: '32', channelId: '500000000000000009' });
    await fake.waitFor(() => callback(admin.id).length === 1);
    expect(JSON.stringify(callback(admin.id)[0]!.body)).toContain('已保存：语言改为中文');
  });

  test.each([
    ['en-US', 'FOMC'],
    ['zh-TW', '美联储'],
  ])('GIVEN a text-only command with locale %s THEN a public embed reply (not ephemeral) containing %s', async (locale, word) => {
    const ev = fake.interact({ name: 'events', locale, channelId: `5000000000000001${locale.length}${word.length}`, userId: `7000000000000001${locale.length}${word.length}` });
    await fake.waitFor(() => callback(ev.id).length === 1);
    const body = callback(ev.id)[0]!.body as { type: number; data: { flags?: number; embeds: Array<{ title: string; description: string }> } };
    expect(body.type).toBe(4);
    expect(body.data.flags ?? 0).toBe(0);
    expect(body.data.embeds[0]!.description).toContain(word);
  });

  test('GIVEN timezone autocomplete THEN matching IANA zones', async () => {
    const { id } = fake.interact({ type: 4, name: 'settings', options: [{ name: 'key', type: 3, value: 'tz' }, { name: 'value', type: 3, value: 'toky', focused: true }] });
    await fake.waitFor(() => callback(id).length === 1);
    expect(callback(id)[0]!.body).toEqual({ type: 8, data: { choices: [{ name: 'Asia/Tokyo', value: 'Asia/Tokyo' }] } });
  });

  test('GIVEN more charts at once than renders can finish THEN every one is deferred while no render has finished, and all get their chart', async () => {
    renderer.shut();
    const N = 20;
    // Different users in different channels: this test is about deferral, not limits.
    const all = Array.from({ length: N }, (_, k) => fake.interact({ name: 'debt', options: [{ name: 'rate', type: 10, value: 0.5 + k / 200 }, { name: 'years', type: 4, value: 12 }], userId: `70000000000001${String(k).padStart(4, '0')}`, channelId: `50000000000001${String(k).padStart(4, '0')}` }));
    await fake.waitFor(() => renderer.held === N && all.every((x) => callback(x.id).length === 1), 30_000, `${N} deferrals while every render waits`);
    expect(all.map((x) => (callback(x.id)[0]!.body as { type: number }).type)).toEqual(all.map(() => 5));
    expect(all.filter((x) => original(x.token).length > 0)).toEqual([]);
    renderer.openGate();
    await fake.processed(...all.map((x) => x.id));
    for (const x of all) {
      expect(callback(x.id)).toHaveLength(1);
      expect(original(x.token)).toHaveLength(1);
      expect(original(x.token)[0]!.files).toHaveLength(1);
    }
  }, 90_000);

  test('GIVEN one user faster than the per-user limit THEN the burst is answered, then an ephemeral "slow down", until the bucket refills', async () => {
    const user = '700000000000000500';
    const { burst, perMinute } = LIMIT_DEFAULTS.user;
    // Each in its own channel, so only the user's own limit is in play.
    const ask = (k: number) => fake.interact({ name: 'about', userId: user, channelId: `5000000000000005${String(k).padStart(2, '0')}` });
    const first = Array.from({ length: burst + 2 }, (_, k) => ask(k));
    await fake.processed(...first.map((x) => x.id));
    const kinds = (xs: Array<{ id: string }>) => xs.map((x) => { const b = callback(x.id)[0]!.body as { type: number; data: { flags?: number; content?: string } }; return b.data.flags === 64 ? b.data.content : 'answer'; });
    const slow = formatter('en').t('nudge.slowDown');
    expect(kinds(first).sort()).toEqual([...Array(burst).fill('answer'), slow, slow].sort());
    // One token comes back every 60 s / perMinute: half of that is not enough, one more whole interval is.
    clockMs += 60_000 / perMinute / 2;
    const early = ask(burst + 2);
    await fake.processed(early.id);
    expect(kinds([early])).toEqual([slow]);
    clockMs += 60_000 / perMinute;
    const refilled = ask(burst + 3);
    await fake.processed(refilled.id);
    expect(kinds([refilled])).toEqual(['answer']);
  });

  test('GIVEN many users in one channel THEN the channel`s shared limit caps the answers there, and other channels are unaffected', async () => {
    const channel = '500000000000000600';
    const { burst } = LIMIT_DEFAULTS.chat;
    const asks = Array.from({ length: burst + 3 }, (_, k) => fake.interact({ name: 'about', userId: `7000000000000006${String(k).padStart(2, '0')}`, channelId: channel }));
    const elsewhere = fake.interact({ name: 'about', userId: '700000000000000699', channelId: '500000000000000601' });
    await fake.processed(...asks.map((x) => x.id), elsewhere.id);
    const ephemeral = (x: { id: string }) => (callback(x.id)[0]!.body as { data: { flags?: number } }).data.flags === 64;
    expect(asks.filter((x) => !ephemeral(x))).toHaveLength(burst);
    expect(asks.filter(ephemeral).map((x) => (callback(x.id)[0]!.body as { data: { content: string } }).data.content)).toEqual(Array(3).fill(formatter('en').t('nudge.slowDown')));
    expect(ephemeral(elsewhere)).toBe(false);
  });

  test('GIVEN everything above THEN logs hold neither the bot token nor interaction tokens, and no render failed', () => {
    const all = logs.join('');
    expect(all).not.toContain('chart render failed');
    expect(all).toContain('discord: connected');
    expect(all).not.toContain(TOKEN);
    expect(all).not.toMatch(/itoken-\d+/);
  });
});
