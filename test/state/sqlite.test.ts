import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { SubscriptionStore } from '../../src/briefings/store.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore } from '../../src/state/store.js';

test('GIVEN 1,500 subscriptions in the SQLite file (listed a page at a time) and settings beside them THEN listing gives each subscription exactly once, and no setting', async () => {
  const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-sqlite-')) });
  const subs = new SubscriptionStore(store);
  const settings = new KeyvSettings(store);
  for (let i = 0; i < 1500; i++) {
    await subs.put({ chatId: `tg:${i}`, time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: '2026-01-01T00:00:00Z' });
    if (i % 5 === 0) await settings.set(`tg:${i}`, { lang: 'zh' });
  }
  const listed = (await subs.all()).map((s) => s.chatId);
  expect(listed).toHaveLength(1500);
  expect(new Set(listed).size).toBe(1500);
  expect(listed.every((id) => /^tg:\d+$/.test(id))).toBe(true);
  await store.close();
}, 60_000);
