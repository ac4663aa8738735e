import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { discordBriefings } from '../../src/bots/briefing-senders.js';
import { DiscordRestSender } from '../../src/bots/discord/sender.js';
import { BriefingDelivery } from '../../src/briefings/delivery.js';
import { DeliveryLog, SubscriptionStore, type Subscription } from '../../src/briefings/store.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeDiscord } from '../fakes/discord.js';
import { dataset } from '../helpers.js';

const fake = new FakeDiscord();
let store: StateStore;
let delivery: BriefingDelivery;
let subscriptions: SubscriptionStore;
beforeAll(async () => {
  const apiBase = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-dcrest-')) });
  subscriptions = new SubscriptionStore(store);
  const sender = new DiscordRestSender('MTA4.rest-test.discord-token-abcdefghijklmn', apiBase, new ChartRenderer(), silentLogger());
  delivery = new BriefingDelivery({ dataset: dataset(), settings: new KeyvSettings(store), subscriptions, deliveries: new DeliveryLog(store), senders: { discord: discordBriefings(sender, 20) }, logger: silentLogger(), clock: () => new Date('2026-11-24T08:00:30Z') });
});
afterAll(async () => {
  await fake.close();
  await store.close();
});

const sub = (channel: string): Subscription => ({ chatId: `dc:${channel}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: 'x' });
const posts = (channel: string) => fake.find('POST', new RegExp(`^/channels/${channel}/messages$`));

describe('Discord briefings over REST (carrybot worker)', () => {
  test('GIVEN a due briefing THEN one post to the channel with the chart attached and the footer, pinging no one', async () => {
    const s = sub('500000000000000031');
    await subscriptions.put(s);
    expect((await delivery.attempt({ key: `${s.chatId}|2026-11-24`, localDate: '2026-11-24', sub: s })).result).toBe('sent');
    const post = posts('500000000000000031');
    expect(post).toHaveLength(1);
    expect(post[0]!.files[0]!.data.subarray(1, 4).toString()).toBe('PNG');
    const body = post[0]!.body as { embeds: Array<{ title: string; image: { url: string }; footer: { text: string } }>; allowed_mentions: unknown };
    expect(body.embeds[0]!.title).toMatch(/^Briefing for 24 Nov 2026/);
    expect(body.embeds[0]!.image.url).toBe('attachment://brief.png');
    expect(body.embeds[0]!.footer.text).toMatch(/^observed preset · data as of/);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect((await delivery.attempt({ key: `${s.chatId}|2026-11-24`, localDate: '2026-11-24', sub: s })).result).toBe('settled');
  });

  test('GIVEN a deleted channel THEN the delivery is settled as unreachable and the subscription paused', async () => {
    fake.missingChannels.add('500000000000000032');
    const s = sub('500000000000000032');
    await subscriptions.put(s);
    expect((await delivery.attempt({ key: `${s.chatId}|2026-11-24`, localDate: '2026-11-24', sub: s })).result).toBe('unreachable');
    expect((await subscriptions.get(s.chatId))!.status).toBe('blocked');
  });
});
