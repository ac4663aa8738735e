/** Upcoming meetings in a chat's timezone, shared by /events and /brief. */
import { DateTime } from 'luxon';
import { meetings, type Bank, type MeetingInfo } from '../../data/calendar.js';
import type { CommandContext } from '../types.js';

export interface Upcoming extends MeetingInfo {
  /** The decision moment in the chat's zone. */
  decision: DateTime;
  /** Calendar days from today to the decision, in the chat's zone. */
  daysAway: number;
  approximateTime: boolean;
}

export function upcoming(ctx: CommandContext, bank: Bank, count: number): Upcoming[] {
  const cal = ctx.dataset.calendar[bank];
  const now = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone);
  const today = now.startOf('day');
  const throughYear = now.year + 2;
  const out: Upcoming[] = [];
  for (const m of meetings(ctx.dataset.calendar, bank, throughYear)) {
    const decision = DateTime.fromISO(`${m.date}T${cal.decisionTime}`, { zone: cal.zone }).setZone(ctx.timezone);
    if (decision < now) continue;
    const daysAway = Math.round(decision.startOf('day').diff(today, 'days').days);
    out.push({ ...m, decision, daysAway, approximateTime: cal.approximateTime });
    if (out.length >= count) break;
  }
  return out;
}
