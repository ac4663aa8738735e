/** A scheduled briefing knows what the chat's last one showed: "no update", or the decision that is news. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { BriefingDelivery } from '../../src/briefings/delivery.js';
import { DeliveryLog, SubscriptionStore, type Subscription } from '../../src/briefings/store.js';
import type { Outcome } from '../../src/commands/run.js';
import { loadDataset } from '../../src/data/dataset.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore } from '../../src/state/store.js';
import { writeDecemberData } from '../commands/moves-data.js';

const store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-memo-')) });
afterAll(() => store.close());

describe('briefing delivery remembers what it showed', () => {
  test('GIVEN three mornings THEN moves, then "no update", then the BOJ hike leading', async () => {
    const sent: string[] = [];
    const clock = { now: new Date('2026-12-19T08:00:00Z') };
    const deliveries = new DeliveryLog(store);
    const delivery = new BriefingDelivery({
      dataset: loadDataset(undefined, { overlayDir: writeDecemberData() }),
      settings: new KeyvSettings(store),
      subscriptions: new SubscriptionStore(store),
      deliveries,
      senders: { telegram: { perSecond: 100, unreachable: () => false, send: async (_t: string, o: Outcome) => void sent.push(o.ok ? o.answer.text : o.error.message) } },
      logger: silentLogger(),
      clock: () => clock.now,
    });
    const sub: Subscription = { chatId: 'tg:42', time: '08:00', zone: 'UTC', days: 'daily', status: 'active', since: '2026-12-01T00:00:00Z' };
    const day = async (iso: string) => {
      clock.now = new Date(`${iso}T08:00:00Z`);
      expect((await delivery.attempt({ key: DeliveryLog.key(sub.chatId, iso), localDate: iso, sub })).result).toBe('sent');
      return sent.at(-1)!;
    };

    const sat = await day('2026-12-19');
    expect(sat).toContain('US 10y 4.15% (18 Dec): +3bp since 17 Dec, +9bp since 11 Dec');
    expect(await deliveries.lastBriefing(sub.chatId)).toMatchObject({ localDate: '2026-12-19', dates: { US10Y: '2026-12-18' } });

    const sun = await day('2026-12-20');
    expect(sun).toContain('No new data since your last briefing (19 Dec 2026)');
    expect(sun).not.toContain('+3bp');

    const tue = await day('2026-12-22');
    expect(tue.split('\n')[0]).toBe('BOJ 18 Dec: hiked 25bp to 1%');
    expect(tue).toContain('US 10y 4.17% (21 Dec): +2bp since 18 Dec');
  });
});
