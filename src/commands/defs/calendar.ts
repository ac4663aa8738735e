/** Meetings in a chat's timezone, shared by /events, /brief, /path and /scenario: what is coming and what was decided. */
import { DateTime } from 'luxon';
import { meetings, type Bank, type MeetingInfo } from '../../data/calendar.js';
import { daysBetween } from '../../model/dates.js';
import { decisionOf, type Decision } from '../../model/decisions.js';
import { memo } from '../memo.js';
import type { Point } from '../../model/spread.js';
import type { CommandContext } from '../types.js';

/** What the calendar needs of a context: the data, the moment and the reader's zone. */
export type When = Pick<CommandContext, 'dataset' | 'now' | 'timezone'>;

export interface Upcoming extends MeetingInfo {
  /** The decision moment in the chat's zone. */
  decision: DateTime;
  /** Calendar days from today to the decision, in the chat's zone. */
  daysAway: number;
  approximateTime: boolean;
}

interface Moment {
  decision: DateTime;
  /** The decision's calendar day in the reader's zone, ISO. */
  day: string;
}

/**
 * Decision moments already worked out, per bank calendar (a refreshed dataset brings new calendar
 * objects, so its moments are worked out afresh) and per meeting day and reader's zone. Luxon's zone
 * maths was most of what the bot allocated under load (/path walks every meeting for years ahead);
 * DateTimes are immutable, so one can serve every answer. Bounded: cleared past MOMENTS_MAX.
 */
const moments = new WeakMap<object, Map<string, Moment>>();
const MOMENTS_MAX = 10_000;

function decisionMoment(ctx: When, bank: Bank, date: string): Moment {
  const cal = ctx.dataset.calendar[bank];
  let known = moments.get(cal);
  if (!known) moments.set(cal, (known = new Map()));
  return memo(known, `${date} ${ctx.timezone}`, MOMENTS_MAX, () => {
    const decision = DateTime.fromISO(`${date}T${cal.decisionTime}`, { zone: cal.zone }).setZone(ctx.timezone);
    return { decision, day: decision.toISODate()! };
  });
}

export function upcoming(ctx: When, bank: Bank, count: number, throughYear?: number): Upcoming[] {
  const cal = ctx.dataset.calendar[bank];
  const now = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone);
  const today = now.toISODate()!;
  throughYear ??= now.year + 2;
  const out: Upcoming[] = [];
  const yesterday = now.minus({ days: 1 }).toISODate()!;
  const nowMs = ctx.now.getTime();
  for (const m of meetings(ctx.dataset.calendar, bank, throughYear)) {
    if (m.date < yesterday) continue; // long past: no zone maths
    const { decision, day } = decisionMoment(ctx, bank, m.date);
    if (decision.toMillis() < nowMs) continue;
    out.push({ ...m, decision, daysAway: daysBetween(today, day), approximateTime: cal.approximateTime });
    if (out.length >= count) break;
  }
  return out;
}

/** The JSON name of each bank in figures. */
export const BANK_NAME: Record<Bank, 'FOMC' | 'BOJ'> = { fomc: 'FOMC', boj: 'BOJ' };

export interface Decided extends Decision {
  bank: Bank;
  /** The decision day (the meeting's last day), ISO. */
  date: string;
  decision: DateTime;
  /** The Fed's lower limit after the meeting (null for the BOJ, or while pending). */
  rateLow: number | null;
  beforeLow: number | null;
}

function policySeries(ctx: When, id: string | undefined): Point[] {
  return id && ctx.dataset.seriesInfo[id] ? ctx.dataset.series(id) : [];
}

/**
 * Scheduled meetings whose decision moment has passed, within the last `days` days (newest first),
 * each with its outcome as the policy-rate series the context may use shows it.
 */
export function recentDecisions(ctx: When, days = 45): Decided[] {
  const now = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone);
  const since = now.startOf('day').minus({ days }).toISODate()!;
  const out: Decided[] = [];
  for (const bank of ['fomc', 'boj'] as const) {
    const cal = ctx.dataset.calendar[bank];
    const list = meetings(ctx.dataset.calendar, bank, now.year + 1);
    const upper = policySeries(ctx, cal.policyRate);
    const lower = policySeries(ctx, cal.policyRateLow);
    const tomorrow = now.plus({ days: 1 }).toISODate()!;
    list.forEach((m, i) => {
      if (m.date < since || m.date > tomorrow) return; // cheap date test before luxon's zone maths
      const { decision } = decisionMoment(ctx, bank, m.date);
      if (decision > now) return;
      const next = list[i + 1]?.date;
      const d = decisionOf(upper, m.date, next);
      const low = cal.policyRateLow ? decisionOf(lower, m.date, next) : null;
      out.push({ ...d, bank, date: m.date, decision, rateLow: low?.rate ?? null, beforeLow: low?.before ?? null });
    });
  }
  return out.sort((a, b) => b.decision.toMillis() - a.decision.toMillis());
}

/** A date with its year only when it is not the current year (in the chat's zone). */
export function dateIn(ctx: CommandContext, iso: string): string {
  const year = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).year;
  return Number(iso.slice(0, 4)) === year ? ctx.fmt.shortDate(iso) : ctx.fmt.date(iso);
}

/** The rate after a decision as text: the BOJ's rate, or the Fed's target range. */
export function rateText(ctx: CommandContext, d: { rate: number | null; rateLow: number | null }): string {
  const { fmt } = ctx;
  if (d.rate === null) return '';
  return d.rateLow !== null ? fmt.band(fmt.pct(d.rateLow), fmt.pct(d.rate)) : fmt.pct(d.rate);
}

/** One line per decision: hike/cut/hold with the new rate, or "awaiting data". */
export function decisionLine(ctx: CommandContext, d: Decided): string {
  const t = ctx.fmt.t;
  return t(`moves:decision.${d.outcome}`, {
    bank: t(`commands:events.bank.${d.bank}`),
    date: dateIn(ctx, d.date),
    rate: rateText(ctx, d),
    change: d.changeBp === null ? '' : ctx.fmt.bp(Math.abs(d.changeBp)),
  });
}

/** `figures.recent` of /events (and the briefing): exact field names. */
export function recentFigures(list: readonly Decided[]) {
  return list.map((d) => ({ bank: BANK_NAME[d.bank], date: d.date, outcome: d.outcome, rate: d.rate }));
}
