import { Writable } from 'node:stream';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDiscord } from '../../src/bots/discord/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { createLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeDiscord } from '../fakes/discord.js';
import { dataset, NOW } from '../helpers.js';

const fake = new FakeDiscord();
let store: StateStore;
let running: Awaited<ReturnType<typeof startDiscord>>;
const logs: string[] = [];

beforeAll(async () => {
  const apiBase = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-dcn-')) });
  running = await startDiscord({
    token: 'MTA4.nudge-test.discord-token-abcdefghijklmn',
    apiBase,
    dataset: dataset(),
    settings: new KeyvSettings(store),
    renderer: new ChartRenderer(),
    logger: createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) }),
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
type Row = { components: Array<{ custom_id: string; label: string }> };

async function carry() {
  const { token } = fake.interact({ name: 'carry', options: [{ name: 'spread', type: 10, value: 1.5 }] });
  await fake.waitFor(() => original(token).length === 1);
  return (original(token)[0]!.body!.components as Row[])[0]!.components;
}

describe('Discord nudge buttons', () => {
  test('GIVEN /carry spread:1.5 THEN the answer carries the nudge row and the preset switch', async () => {
    const buttons = await carry();
    expect(buttons.map((b) => b.label)).toEqual(['−0.25pp', '−0.1pp', '+0.1pp', '+0.25pp', 'Commentary figures']);
    expect(buttons.every((b) => b.custom_id.length <= 100)).toBe(true);
  });

  test('GIVEN a press on +0.1pp THEN an update to the same message with a new PNG and 1.6pp', async () => {
    const buttons = await carry();
    const { id, token } = fake.press({ customId: buttons[2]!.custom_id });
    await fake.waitFor(() => original(token).length === 1);
    expect(callback(id)[0]!.body).toEqual({ type: 6 });
    const edit = original(token)[0]!;
    expect(edit.files[0]!.data.subarray(1, 4).toString()).toBe('PNG');
    expect(JSON.stringify(edit.body!.embeds)).toContain('At a 1.6pp spread');
    // Only the new chart is kept on the message (the old attachment is dropped, not stacked).
    expect((edit.body!.attachments as Array<{ id: string }>).map((a) => a.id)).toEqual(['0']);
    expect(((edit.body!.components as Row[])[0]!.components)[2]!.custom_id).toBe('n1|carry|o|1.6|2');
  });

  test('GIVEN a forged payload THEN an ephemeral notice and no edit', async () => {
    const { id, token } = fake.press({ customId: 'n1|carry|o|1.5|9', locale: 'zh-CN' });
    await fake.processed(id);
    expect(callback(id)).toHaveLength(1);
    expect(callback(id)[0]!.body).toEqual({ type: 4, data: expect.objectContaining({ content: '这个按钮已失效，请重新发送命令', flags: 64 }) });
    expect(original(token)).toHaveLength(0);
  });

  test('GIVEN the preset switch THEN the other preset`s figures', async () => {
    const buttons = await carry();
    const { token } = fake.press({ customId: buttons.at(-1)!.custom_id });
    await fake.waitFor(() => original(token).length === 1);
    const embed = (original(token)[0]!.body!.embeds as Array<{ footer: { text: string }; description: string }>)[0]!;
    expect(embed.footer.text).toMatch(/^article preset/);
    expect(embed.description).toContain('109%');
  });
});
