/** Meeting calendars from data/calendar.json, with BOJ years beyond the published list projected. */
import type { Meeting } from '../model/path.js';
import type { Calendar } from './schema.js';

export type Bank = 'fomc' | 'boj';

export interface MeetingInfo extends Meeting {
  bank: Bank;
  start: string;
  /** Not in any published schedule: made from the usual pattern. */
  projected: boolean;
}

function offWeekend(year: number, month: number, day: number): string {
  const d = new Date(Date.UTC(year, month - 1, day));
  const dow = d.getUTCDay();
  if (dow === 6) d.setUTCDate(d.getUTCDate() - 1);
  if (dow === 0) d.setUTCDate(d.getUTCDate() - 2);
  return d.toISOString().slice(0, 10);
}

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

export function meetings(calendar: Calendar, bank: Bank, throughYear?: number): MeetingInfo[] {
  const listed = calendar[bank].meetings.map((m) => ({
    bank,
    start: m.start,
    date: m.end,
    confirmed: m.confirmed,
    projected: false,
  }));
  if (bank !== 'boj' || throughYear === undefined) return listed;
  const lastListedYear = Number(listed[listed.length - 1]!.date.slice(0, 4));
  const projected: MeetingInfo[] = [];
  for (let year = lastListedYear + 1; year <= throughYear; year++) {
    for (const { month, day } of calendar.boj.projection.endDays) {
      const end = offWeekend(year, month, day);
      projected.push({ bank, start: dayBefore(end), date: end, confirmed: false, projected: true });
    }
  }
  return [...listed, ...projected];
}

/** The last confirmed decision day of a bank and how many days after `today` it lies (0: none ahead). */
export function confirmedAhead(calendar: Calendar, bank: Bank, today: string): { last: string | null; days: number } {
  const last = meetings(calendar, bank).filter((m) => m.confirmed && !m.projected && m.date >= today).at(-1)?.date ?? null;
  return { last, days: last ? Math.round((Date.parse(`${last}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000) : 0 };
}
