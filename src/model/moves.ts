/**
 * What moved: the change of a daily series since its previous observation and over one week, in
 * basis points, with the dates compared. Pure: the caller passes the observations it may use.
 */
import { fromEpochDay, toEpochDay } from './dates.js';
import type { Point } from './spread.js';

export interface Move {
  /** The latest observation. */
  last: number;
  lastDate: string;
  /** Change since the previous observation, bp (null: only one observation). */
  d1Bp: number | null;
  /** The previous observation's date. */
  d1Date: string | null;
  /** Change since the last observation at least `days` before lastDate, bp. */
  w1Bp: number | null;
  w1Date: string | null;
}

/** How many points are dated on or before `date` (points ascending by date; binary search). */
export function countOnOrBefore(points: readonly Point[], date: string): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.date <= date) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The last point dated on or before `date`. */
export function lastOnOrBefore(points: readonly Point[], date: string): Point | null {
  const n = countOnOrBefore(points, date);
  return n > 0 ? points[n - 1]! : null;
}

/** pp → bp, float noise removed (yields have at most 3 decimals: 0.1bp). */
export const toBp = (pp: number): number => Number((pp * 100).toFixed(1)) + 0;

/**
 * The move of a series to its last observation. A comparison across a hole in the data is not made:
 * the previous observation must lie within `days` of the last, the week-ago one within 2 × `days`.
 */
export function moveOf(points: readonly Point[], days = 7): Move | null {
  const last = points.at(-1);
  if (!last) return null;
  const lastDay = toEpochDay(last.date);
  const near = (p: Point | null | undefined, within: number) => (p && lastDay - toEpochDay(p.date) <= within ? p : null);
  const prev = near(points.length > 1 ? points[points.length - 2] : null, days);
  const week = near(lastOnOrBefore(points, fromEpochDay(lastDay - days)), 2 * days);
  return {
    last: last.value,
    lastDate: last.date,
    d1Bp: prev ? toBp(last.value - prev.value) : null,
    d1Date: prev?.date ?? null,
    w1Bp: week ? toBp(last.value - week.value) : null,
    w1Date: week?.date ?? null,
  };
}
