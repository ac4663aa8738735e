import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDiscord } from '../../src/bots/discord/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { MemorySettings } from '../../src/commands/context.js';
import { createLogger } from '../../src/log.js';
import { FakeDiscord } from '../fakes/discord.js';
import { CJK, dataset, NOW } from '../helpers.js';

const fake = new FakeDiscord();
const logs: string[] = [];
const handled = new Set<string>();
let running: Awaited<ReturnType<typeof startDiscord>>;

beforeAll(async () => {
  running = await startDiscord({
    token: 'MTA4OTQ2NzE4.FakeDiscordToken.wordsabcdefghijklmnopqrst',
    apiBase: await fake.start(),
    dataset: dataset(),
    settings: new MemorySettings(),
    renderer: new ChartRenderer(),
    logger: createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) }),
    now: () => NOW,
    onHandled: (id) => void handled.add(id),
  });
}, 30_000);
afterAll(async () => {
  await running?.stop();
  await fake.close();
});

/** A direct message to the bot, as the gateway dispatches it. */
function dm(id: string, channelId: string, content: string, bot = false): void {
  fake.dispatch('MESSAGE_CREATE', {
    id,
    channel_id: channelId,
    // Discord names a DM's channel type in the event; discord.js builds the DM channel from it.
    channel_type: 1,
    type: 0,
    content,
    timestamp: new Date(NOW).toISOString(),
    author: { id: `9${id}`, username: 'ann', discriminator: '0', global_name: 'Ann', avatar: null, bot },
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    tts: false,
    mention_everyone: false,
  });
}

describe('Discord: questions in plain words', () => {
  test('GIVEN 利差1.5会怎样 in a DM THEN the /carry 1.5 answer in Chinese, as a reply, naming the short form', async () => {
    dm('700000000000000101', '600000000000000101', '利差1.5会怎样');
    await fake.waitFor(() => handled.has('700000000000000101'), 20_000);
    const posts = fake.find('POST', /^\/channels\/600000000000000101\/messages$/);
    expect(posts, logs.join('').slice(-2000)).toHaveLength(1);
    const body = posts[0]!.body as { embeds: Array<{ title: string; footer: { text: string } }>; message_reference?: { message_id: string } };
    expect(body.embeds[0]!.title).toMatch(CJK);
    expect(body.embeds[0]!.title).toContain('1.2 万亿美元');
    expect(body.embeds[0]!.footer.text.split('\n').at(-1)).toBe('→ /carry 1.5');
    expect(body.message_reference?.message_id).toBe('700000000000000101');
    expect(posts[0]!.files).toHaveLength(1);
  });

  test('GIVEN a message from another bot THEN no answer', async () => {
    dm('700000000000000102', '600000000000000102', 'what if the spread is 1.5?', true);
    dm('700000000000000103', '600000000000000102', 'what if the spread is 1.5?');
    await fake.waitFor(() => handled.has('700000000000000103'), 20_000);
    expect(fake.find('POST', /^\/channels\/600000000000000102\/messages$/)).toHaveLength(1);
  });
});
