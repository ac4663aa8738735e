/** BOJ hike path snapped to the meeting calendar (MODEL.md §3e). */
import { addMonths } from './dates.js';
import { clean } from './stance.js';

export interface Meeting {
  /** Decision day, ISO date. */
  date: string;
  confirmed: boolean;
}

export interface PathParams {
  startRatePct: number;
  startDate: string;
  stepBp: number;
  everyMonths: number;
  targetPct: number;
  /** Decision days in ascending order, covering the horizon the path may need. */
  meetings: readonly Meeting[];
  /**
   * When given, the first move is due on this date (e.g. today, or one spacing after the last
   * actual move if that is later) and move k is due k × everyMonths after the first move.
   */
  firstDue?: string;
}

export interface PathStep {
  date: string;
  ratePct: number;
  confirmed: boolean;
}

export interface RatePath {
  steps: PathStep[];
  /** False when the meeting list ended before the target was reached. */
  reachedTarget: boolean;
}

/**
 * Move k is due `k × everyMonths` after the start and lands on the first meeting on or after its
 * due date (and after the previous move), so snapping never makes the schedule drift; the last move
 * stops at the target.
 */
export function ratePath(p: PathParams): RatePath {
  const direction = Math.sign(p.targetPct - p.startRatePct);
  const step = p.stepBp / 100;
  const steps: PathStep[] = [];
  let rate = p.startRatePct;
  let cursor = 0;
  while (direction !== 0 && clean(direction * (p.targetPct - rate)) > 0) {
    const first = steps[0];
    const due =
      p.firstDue === undefined
        ? addMonths(p.startDate, p.everyMonths * (steps.length + 1))
        : first
          ? addMonths(first.date, p.everyMonths * steps.length)
          : p.firstDue;
    while (cursor < p.meetings.length && p.meetings[cursor]!.date < due) cursor++;
    const meeting = p.meetings[cursor];
    if (!meeting) return { steps, reachedTarget: false };
    const next = rate + direction * step;
    rate = clean(direction > 0 ? Math.min(next, p.targetPct) : Math.max(next, p.targetPct));
    steps.push({ date: meeting.date, ratePct: rate, confirmed: meeting.confirmed });
    cursor++;
  }
  return { steps, reachedTarget: true };
}
