/**
 * When a subscription's briefing is due, in its own timezone. Pure: no clock, no I/O.
 *
 * DST is handled on purpose, as RFC 5545 does: a local time skipped by a spring-forward jump is
 * moved forward by the length of the gap (02:30 → 03:30 in New York); a local time that occurs
 * twice at fall-back is delivered at its first occurrence. Either way, one briefing per local day.
 */
import { DateTime } from 'luxon';

export type Days = 'weekdays' | 'daily';
export const DAY_CHOICES = ['weekdays', 'daily'] as const;

export interface Schedule {
  /** Local wall-clock time, HH:MM. */
  time: string;
  /** IANA zone. */
  zone: string;
  days: Days;
}

/** "8", "8:00", "08:00", "0800", "８：００", "8.30" → "HH:MM"; null when it is not a time of day. */
export function parseTime(raw: string): string | null {
  const s = raw.normalize('NFKC').trim().replace(/[.h：]/gi, ':');
  const m = /^(\d{1,2})(?::?(\d{2}))?$/.exec(s);
  if (!m) return null;
  const hour = Number(m[1]);
  const minute = Number(m[2] ?? 0);
  if (hour > 23 || minute > 59) return null;
  return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
}

/** Does the schedule run on this local date (YYYY-MM-DD)? */
export function runsOn(s: Schedule, localDate: string): boolean {
  if (s.days === 'daily') return true;
  const weekday = DateTime.fromISO(localDate, { zone: s.zone }).weekday; // 1 = Monday … 7 = Sunday
  return weekday <= 5;
}

/** The instant of the briefing on a local date. */
export function occurrence(s: Schedule, localDate: string): DateTime {
  const [hour, minute] = s.time.split(':').map(Number) as [number, number];
  const [year, month, day] = localDate.split('-').map(Number) as [number, number, number];
  const wall = { year, month, day, hour, minute };
  const at = DateTime.fromObject(wall, { zone: s.zone });
  // luxon resolves an ambiguous wall time to its later occurrence; take the earlier one if it exists.
  for (const minutes of [60, 30]) {
    const earlier = at.minus({ minutes });
    if (earlier.year === year && earlier.month === month && earlier.day === day && earlier.hour === hour && earlier.minute === minute) return earlier;
  }
  return at;
}

export interface Slot {
  localDate: string;
  at: DateTime;
}

/** The next briefing strictly after `now`. */
export function nextOccurrence(s: Schedule, now: Date): Slot {
  let date = DateTime.fromJSDate(now).setZone(s.zone).startOf('day');
  for (let i = 0; i < 9; i++, date = date.plus({ days: 1 })) {
    const localDate = date.toISODate()!;
    if (!runsOn(s, localDate)) continue;
    const at = occurrence(s, localDate);
    if (at.toMillis() > now.getTime()) return { localDate, at };
  }
  throw new Error('schedule: no occurrence within a week');
}

export interface Check extends Slot {
  /** due: to send now; missed: older than the grace window, not to be sent. */
  state: 'due' | 'missed';
}

/** Briefings whose time has come, yesterday's and today's in local terms (the catch-up window). */
export function passed(s: Schedule, now: Date, graceMs: number): Check[] {
  const today = DateTime.fromJSDate(now).setZone(s.zone).startOf('day');
  const out: Check[] = [];
  for (const date of [today.minus({ days: 1 }), today]) {
    const localDate = date.toISODate()!;
    if (!runsOn(s, localDate)) continue;
    const at = occurrence(s, localDate);
    const late = now.getTime() - at.toMillis();
    if (late < 0) continue;
    out.push({ localDate, at, state: late <= graceMs ? 'due' : 'missed' });
  }
  return out;
}
