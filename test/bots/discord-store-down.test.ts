import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startDiscord } from '../../src/bots/discord/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import type { ChatSettings, SettingsStore } from '../../src/commands/types.js';
import { createLogger } from '../../src/log.js';
import { FakeDiscord } from '../fakes/discord.js';
import { dataset, NOW } from '../helpers.js';

/** The state store as it is while Redis is down: every read and write fails. */
class DownSettings implements SettingsStore {
  get(): Promise<ChatSettings> {
    return Promise.reject(new Error('state: redis 127.0.0.1:6390 is not connected'));
  }
  set(): Promise<ChatSettings> {
    return Promise.reject(new Error('state: redis 127.0.0.1:6390 is not connected'));
  }
}

const fake = new FakeDiscord();
const logs: string[] = [];
const unhandled: unknown[] = [];
const onUnhandled = (err: unknown) => unhandled.push(err);
let running: Awaited<ReturnType<typeof startDiscord>>;

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  running = await startDiscord({
    token: 'MTA4OTQ2NzE4.FakeDiscordToken.storedownabcdefghijklmnop',
    apiBase: await fake.start(),
    dataset: dataset(),
    settings: new DownSettings(),
    renderer: new ChartRenderer(),
    logger: createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) }),
    now: () => NOW,
  });
}, 30_000);

afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await running?.stop();
  await fake.close();
});

describe('Discord with the state store down', () => {
  test('GIVEN a command while the store fails THEN an ephemeral localized internal error, logged, and no unhandled rejection', async () => {
    const { id } = fake.interact({ name: 'carry', options: [{ name: 'spread', type: 10, value: 1.5 }], locale: 'zh-CN' });
    await fake.waitFor(() => fake.callback(id).length === 1);
    const body = fake.callback(id)[0]!.body as { type: number; data: { content: string; flags: number } };
    expect(body.type).toBe(4);
    expect(body.data.content).toBe('出了点问题，请稍后再试');
    expect(body.data.flags & 64).toBe(64);
    expect(logs.some((l) => l.includes('answer failed') && l.includes('not connected'))).toBe(true);
    expect(unhandled).toEqual([]);
  });
});
