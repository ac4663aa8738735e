/**
 * The alert watcher's pass (after every refresh and every scheduler tick): N chats with three
 * alerts each in a real SQLite store. A quiet pass (nothing crosses) and the pass in which every
 * spread line is crossed at once (each firing written, then handed to the fan-out).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AlertStore } from '../src/alerts/store.js';
import { AlertWatcher } from '../src/alerts/watch.js';
import type { Fanout, Job } from '../src/briefings/broadcaster.js';
import { DeliveryLog } from '../src/briefings/store.js';
import type { Dataset } from '../src/data/dataset.js';
import { silentLogger } from '../src/log.js';
import { KeyvSettings } from '../src/state/settings.js';
import { openStore } from '../src/state/store.js';
import { summarize } from './stats.js';

export async function benchAlerts(dataset: Dataset, chats: number, passes: number) {
  const dir = mkdtempSync(join(tmpdir(), 'carrybot-bench-alerts-'));
  const store = await openStore({ dataDir: dir });
  try {
    const alerts = new AlertStore(store);
    const spread = dataset.currentSpread(dataset.presets.observed);
    const now = new Date('2026-12-02T10:00:00Z');
    for (let i = 0; i < chats; i++) {
      const chatId = `tg:${1_000_000 + i}`;
      const o = { armed: true, now, max: 10, lang: 'en' as const };
      await alerts.add(chatId, { kind: 'level', series: 'us10y', op: 'above', threshold: 9 }, o);
      await alerts.add(chatId, { kind: 'decision', bank: 'boj' }, o);
      // Crossed on the last pass only (its line moves just under today's spread then).
      await alerts.add(chatId, { kind: 'level', series: 'spread', op: 'below', threshold: 0.5 }, o);
    }
    const queued: Job[] = [];
    const fanout: Fanout = { has: () => false, enqueue: (job) => void queued.push(job) };
    const watcher = new AlertWatcher({ alerts, deliveries: new DeliveryLog(store), fanout, dataset, settings: new KeyvSettings(store), platforms: new Set(['telegram']), logger: silentLogger(), clock: () => now });
    const quiet: number[] = [];
    for (let p = 0; p < passes; p++) {
      const start = performance.now();
      await watcher.tick();
      quiet.push(performance.now() - start);
    }
    for (const rec of await alerts.all()) await alerts.put({ ...rec, alerts: rec.alerts.map((a) => (a.kind === 'level' && a.series === 'spread' ? { ...a, threshold: spread + 0.5 } : a)) });
    const start = performance.now();
    await watcher.tick();
    const firing = performance.now() - start;
    return { quiet: summarize(quiet), firing, fired: queued.length };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
