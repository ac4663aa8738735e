/**
 * Keeping a running bot current: a refresh at start-up, then per publisher after its release time,
 * at least every DATA_REFRESH_MINUTES, and before a briefing wave; never more often than the
 * publisher's minimum interval, backing off after failures. And a watch that picks up data that
 * another process (`carrybot data refresh`, another instance) wrote, within the minute.
 */
import type { Logger } from 'pino';
import type { Dataset } from './dataset.js';
import type { RefreshReport, Refresher } from './refresh.js';
import { publisherOf } from './refresh.js';
import type { PublisherId, Publishers } from './schema.js';

export interface PublisherState {
  lastRun: number;
  failures: number;
}

const MINUTE = 60_000;
/** After the release time, wait this long before asking (publishers post a little late). */
const RELEASE_DELAY_MS = 10 * MINUTE;
/** A briefing due within this window triggers a refresh first. */
const BRIEFING_LEAD_MS = 45 * MINUTE;

/** Publishers a scheduled refresh should ask now. Pure: the clock and the state are given. */
export function duePublishers(
  candidates: Iterable<PublisherId>,
  state: ReadonlyMap<PublisherId, PublisherState>,
  now: number,
  o: { publishers: Publishers; everyMinutes: number; briefingSoon: boolean },
): Set<PublisherId> {
  const due = new Set<PublisherId>();
  for (const p of candidates) {
    const st = state.get(p);
    if (!st) {
      due.add(p);
      continue;
    }
    const info = o.publishers[p];
    const since = now - st.lastRun;
    if (since < info.minIntervalMinutes * MINUTE) continue;
    if (st.failures > 0 && since < Math.min(5 * 2 ** (st.failures - 1), 360) * MINUTE) continue;
    const released = info.releasesUtc.some((hhmm) => {
      const [h, m] = hhmm.split(':').map(Number) as [number, number];
      const day = new Date(now);
      for (const back of [0, 1]) {
        const at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - back, h, m) + RELEASE_DELAY_MS;
        if (at > st.lastRun && at <= now) return true;
      }
      return false;
    });
    if (released || since >= o.everyMinutes * MINUTE || o.briefingSoon) due.add(p);
  }
  return due;
}

export interface RefreshSchedule {
  /** One scheduling decision now (the timer calls it every minute); resolves when its refresh ends. */
  tick(): Promise<RefreshReport | null>;
  stop(): Promise<void>;
}

export function scheduleRefresh(
  refresher: Refresher,
  o: {
    dataset: Dataset;
    logger: Logger;
    everyMinutes: number;
    fredApiKey?: string | undefined;
    nextBriefing?: () => Promise<Date | null>;
    /** Told after each refresh that ran (alerts look at the new observations). */
    onRefreshed?: (report: RefreshReport) => void;
    clock?: () => Date;
    timer?: boolean;
  },
): RefreshSchedule {
  const clock = o.clock ?? (() => new Date());
  const state = new Map<PublisherId, PublisherState>();
  const primaries = new Set<PublisherId>(Object.values(o.dataset.seriesInfo).flatMap((i) => (i.fetch[0] ? [publisherOf(i.fetch[0], o.fredApiKey)] : [])));
  let running: Promise<RefreshReport | null> | null = null;
  const tick = (): Promise<RefreshReport | null> =>
    (running ??= (async () => {
      const now = clock().getTime();
      const next = o.nextBriefing ? await o.nextBriefing().catch(() => null) : null;
      const briefingSoon = next !== null && next.getTime() - now <= BRIEFING_LEAD_MS && next.getTime() >= now;
      const due = duePublishers(primaries, state, now, { publishers: o.dataset.publishers, everyMinutes: o.everyMinutes, briefingSoon });
      if (due.size === 0) return null;
      try {
        const report = await refresher.refresh({ now: new Date(now), only: due });
        const outcome = new Map<PublisherId, boolean>([...due].map((p) => [p, true]));
        for (const r of report.publishers) outcome.set(r.publisher, (outcome.get(r.publisher) ?? true) && r.ok);
        for (const [p, ok] of outcome) state.set(p, { lastRun: now, failures: ok ? 0 : (state.get(p)?.failures ?? 0) + 1 });
        o.onRefreshed?.(report);
        return report;
      } catch (err) {
        o.logger.error({ err }, 'data refresh failed');
        for (const p of due) state.set(p, { lastRun: now, failures: (state.get(p)?.failures ?? 0) + 1 });
        return null;
      }
    })().finally(() => {
      running = null;
    }));
  void tick();
  const timer = o.timer === false ? null : setInterval(() => void tick(), MINUTE);
  timer?.unref?.();
  return {
    tick,
    // A refresh in flight is abandoned, not awaited: its writes are atomic renames, so nothing is half-written.
    stop: async () => {
      if (timer) clearInterval(timer);
    },
  };
}

/** Picks up series another process stored: checks every `intervalMs` (default 20 s) and reloads on a change. */
export function watchDataset(dataset: Dataset, o: { logger?: Logger; intervalMs?: number; onChange?: () => void } = {}): { stop(): void } {
  const timer = setInterval(() => {
    try {
      if (dataset.checkForUpdates()) {
        o.logger?.info('data: picked up refreshed series');
        o.onChange?.();
      }
    } catch (err) {
      o.logger?.warn({ err }, 'data: could not read refreshed series; keeping the last good data');
    }
  }, o.intervalMs ?? 20_000);
  timer.unref?.();
  return { stop: () => clearInterval(timer) };
}
