/**
 * A policy rate read from the market: the central bank steers the overnight call rate to its
 * target, so a scheduled meeting that moved the target shows as a step in the call rate. The
 * average of the last days before the decision and the first days after it are compared; a move
 * of at least `thresholdPp` is a decision of the nearest whole number of `stepPp`.
 * Used to cross-check, and to fill, the BIS policy-rate series when that lags.
 */
import type { Point } from '../../model/spread.js';

export interface StepOptions {
  stepPp: number;
  thresholdPp: number;
  /** Observations averaged on each side of the decision. */
  window?: number;
}

const mean = (xs: Point[]) => xs.reduce((s, p) => s + p.value, 0) / xs.length;
const round = (x: number) => Number(x.toFixed(4));

/**
 * Policy-rate points implied by `callRate` after `policy`'s last observation: one per meeting that
 * moved the rate, plus the latest call-rate date at the level then in force (the rate is confirmed
 * to that day). Empty when no meeting since moved it: the policy series' own data then stands.
 */
export function policyFromCallRate(callRate: readonly Point[], decisions: readonly string[], policy: readonly Point[], o: StepOptions): Point[] {
  const last = policy.at(-1);
  const lastCall = callRate.at(-1);
  if (!last || !lastCall || lastCall.date <= last.date) return [];
  const window = o.window ?? 5;
  let level = last.value;
  const out: Point[] = [];
  for (const d of [...decisions].sort()) {
    if (d <= last.date) continue;
    const before = callRate.filter((p) => p.date < d).slice(-window);
    const after = callRate.filter((p) => p.date > d).slice(0, window);
    if (before.length < 3 || after.length < 3) continue;
    const move = mean(after) - mean(before);
    if (Math.abs(move) < o.thresholdPp) continue;
    level = round(level + Math.round(move / o.stepPp) * o.stepPp);
    out.push({ date: d, value: level });
  }
  if (out.length === 0) return [];
  if (out.at(-1)!.date !== lastCall.date) out.push({ date: lastCall.date, value: level });
  return out;
}

/** A step series: the first point, every change, and the last point (the level is confirmed to it). */
export function compressSteps<P extends Point>(points: readonly P[]): P[] {
  return points.filter((p, i) => i === 0 || i === points.length - 1 || p.value !== points[i - 1]!.value);
}

/**
 * Scheduled meetings on which the two sources disagree: the call rate stepped by at least the
 * threshold and the policy series did not change within a few days, or the other way round.
 */
export function crossCheck(callRate: readonly Point[], decisions: readonly string[], policy: readonly Point[], o: StepOptions): string[] {
  const window = o.window ?? 5;
  const levelOn = (date: string) => [...policy].reverse().find((p) => p.date <= date)?.value;
  const out: string[] = [];
  const lastPolicy = policy.at(-1)?.date ?? '';
  for (const d of decisions) {
    if (d > lastPolicy) continue;
    const before = callRate.filter((p) => p.date < d).slice(-window);
    const after = callRate.filter((p) => p.date > d).slice(0, window);
    if (before.length < 3 || after.length < 3) continue;
    const moved = Math.abs(mean(after) - mean(before)) >= o.thresholdPp;
    const pre = levelOn(before.at(-1)!.date);
    const post = levelOn(after.at(-1)!.date);
    if (pre === undefined || post === undefined) continue;
    if (moved !== (pre !== post)) out.push(d);
  }
  return out;
}
