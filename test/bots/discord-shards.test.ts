import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { startDiscord } from '../../src/bots/discord/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore } from '../../src/state/store.js';
import { FakeDiscord } from '../fakes/discord.js';
import { dataset, NOW } from '../helpers.js';

const cleanups: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function bot(sharding: 'auto' | { ids: number[]; total: number }, recommended: number) {
  const fake = new FakeDiscord();
  fake.recommendedShards = recommended;
  const apiBase = await fake.start();
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-shard-')) });
  const running = await startDiscord({ token: 'MTA4.shard-test.discord-token-abcdefghijklm', apiBase, dataset: dataset(), settings: new KeyvSettings(store), renderer: new ChartRenderer(), logger: silentLogger(), now: () => NOW, sharding, onHandled: fake.handled });
  cleanups.push(() => fake.close(), () => store.close(), () => running.stop());
  return { fake, running };
}

describe('Discord sharding', () => {
  test('GIVEN Discord recommends 2 shards THEN the client runs both, and answers what arrives on each, once', async () => {
    const { fake } = await bot('auto', 2);
    expect([...fake.identified].sort()).toEqual([[0, 2], [1, 2]]);
    const onZero = fake.interact({ name: 'events', shard: 0 });
    const onOne = fake.interact({ name: 'about', shard: 1, channelId: '500000000000000222' });
    const cb = (id: string) => fake.find('POST', new RegExp(`^/interactions/${id}/`));
    await fake.processed(onZero.id, onOne.id);
    expect(cb(onZero.id)).toHaveLength(1);
    expect(cb(onOne.id)).toHaveLength(1);
    expect(JSON.stringify(cb(onOne.id)[0]!.body)).toContain('FRED');
  });

  test('GIVEN DISCORD_SHARDS=2 and this process given shard 1 THEN it identifies as shard 1 of 2 only', async () => {
    const { fake, running } = await bot({ ids: [1], total: 2 }, 1);
    expect(fake.identified).toEqual([[1, 2]]);
    expect(running.state()).toBe('running');
  });
});
