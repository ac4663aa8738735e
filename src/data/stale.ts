/**
 * The one rule for "stale": a date is stale when it is more than `staleAfterDays` calendar days
 * before today (today in the reader's zone). Every place that shows a data date asks this function:
 * answer and chart footers, /about, /factcheck, `carrybot data status`, /health.
 */
import { DateTime } from 'luxon';
import { daysBetween } from '../model/dates.js';

/** A series (sources.json), a figure (a preset), or the limit itself in days; undefined: never stale. */
export type StaleLimit = { staleAfterDays?: number | undefined } | number | undefined | null;

export interface Staleness {
  stale: boolean;
  /** Whole days from the observation to today (negative if it is dated in the future). */
  ageDays: number;
  /** The limit applied, null when the figure has none (a model parameter, the commentary's claim). */
  staleAfterDays: number | null;
}

/** Today's ISO date in a zone (UTC unless told). */
export function todayIn(now: Date, zone = 'UTC'): string {
  return DateTime.fromJSDate(now).setZone(zone).toISODate() ?? now.toISOString().slice(0, 10);
}

export function staleness(limit: StaleLimit, asOf: string, now: Date | string, zone = 'UTC'): Staleness {
  const today = typeof now === 'string' ? now.slice(0, 10) : todayIn(now, zone);
  const days = typeof limit === 'number' ? limit : (limit?.staleAfterDays ?? null);
  const ageDays = daysBetween(asOf, today);
  return { stale: days !== null && ageDays > days, ageDays, staleAfterDays: days };
}
