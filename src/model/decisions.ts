/**
 * What was decided: a scheduled meeting's outcome read from the policy-rate series alone (the Fed's
 * target range upper limit, the BOJ policy rate). Pure: no clock, no I/O; the caller passes only the
 * observations it may use, so the same function answers "now" and "as of" any earlier moment.
 *
 * - The rate before = the last observation dated before the decision day.
 * - A different value dated on or after the decision day (and before the next meeting's) is the
 *   decision: hike or cut, with the new rate. Series that date the change on the decision day and
 *   series that date it on the day it takes effect both work.
 * - No change before the next meeting, and an observation dated from the first weekday after the
 *   decision day on (anywhere later: a series stored as changes keeps only its first point, every
 *   change and its last point, the day the level was last confirmed): hold. A weekday, so weekend
 *   rows of a daily file that still carry the old rate do not count.
 * - Otherwise the data has not caught up yet: pending ("awaiting data").
 */
import { fromEpochDay, toEpochDay } from './dates.js';
import type { Point } from './spread.js';

export type Outcome = 'hike' | 'cut' | 'hold' | 'pending';

export interface Decision {
  outcome: Outcome;
  /** The rate after the meeting (null while pending). */
  rate: number | null;
  /** The rate in force before it (null: the series starts after). */
  before: number | null;
  /** rate − before, bp (null while pending). */
  changeBp: number | null;
}

const EPS = 1e-9;

/** How many points are dated strictly before `date`. */
function countBefore(points: readonly Point[], date: string): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.date < date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first Monday–Friday after an ISO date. */
export function nextWeekday(iso: string): string {
  let day = toEpochDay(iso) + 1;
  for (;;) {
    const dow = new Date(day * 86_400_000).getUTCDay();
    if (dow !== 0 && dow !== 6) return fromEpochDay(day);
    day++;
  }
}

export function decisionOf(series: readonly Point[], decisionDay: string, nextDecisionDay?: string): Decision {
  // Binary searches: a daily series since 2008 has thousands of rows.
  const start = countBefore(series, decisionDay);
  const end = nextDecisionDay === undefined ? series.length : countBefore(series, nextDecisionDay);
  const before = start > 0 ? series[start - 1]!.value : null;
  const window = series.slice(start, Math.max(start, end));
  if (before === null) return { outcome: 'pending', rate: null, before: null, changeBp: null };
  const changed = window.find((p) => Math.abs(p.value - before) > EPS);
  if (changed) {
    const changeBp = Number(((changed.value - before) * 100).toFixed(1));
    return { outcome: changeBp > 0 ? 'hike' : 'cut', rate: changed.value, before, changeBp };
  }
  const settled = nextWeekday(decisionDay);
  if ((series.at(-1)?.date ?? '') >= settled) return { outcome: 'hold', rate: before, before, changeBp: 0 };
  return { outcome: 'pending', rate: null, before, changeBp: null };
}

/** The date of the last change in a step series (the first observation of its latest value). */
export function lastChange(series: readonly Point[]): Point | null {
  let i = series.length - 1;
  if (i < 0) return null;
  while (i > 0 && Math.abs(series[i - 1]!.value - series[i]!.value) <= EPS) i--;
  return series[i]!;
}
