import { DateTime } from 'luxon';
import type { CommandDef } from '../types.js';
import { dateIn, decisionLine, recentDecisions, recentFigures, upcoming } from './calendar.js';

/** Meetings decided within this many days are reported with their outcome. */
export const RECENT_DAYS = 45;

export const events: CommandDef = {
  name: 'events',
  args: [],
  examples: [''],
  charted: false,
  run(_args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const list = [...upcoming(ctx, 'fomc', 3), ...upcoming(ctx, 'boj', 3)].sort((a, b) => a.decision.toMillis() - b.decision.toMillis());
    const locale = t('date.locale');
    const thisYear = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).year;
    const lines = [t('commands:events.title', { zone: ctx.timezone })];
    if (list.length === 0) lines.push(t('commands:events.none'));
    for (const m of list) {
      const dayFormat = m.decision.year === thisYear ? t('date.short') : t('date.format');
      const time = `${m.decision.setLocale(locale).toFormat(dayFormat)} ${m.decision.toFormat('HH:mm')}`;
      lines.push(
        t('commands:events.line', {
          bank: t(`commands:events.bank.${m.bank}`),
          // The year once, on the end date, when the meeting is not in the current year.
          start: m.start.slice(0, 4) === m.date.slice(0, 4) ? fmt.shortDate(m.start) : dateIn(ctx, m.start),
          end: dateIn(ctx, m.date),
          time: m.approximateTime ? t('commands:events.approx', { time }) : time,
          in: fmt.days(m.daysAway),
          flags: m.projected ? t('commands:events.projected') : m.confirmed ? '' : t('commands:events.unconfirmed'),
        }),
      );
    }
    const recent = recentDecisions(ctx, RECENT_DAYS);
    if (recent.length > 0) {
      lines.push(t('moves:events.recent', { days: RECENT_DAYS }));
      for (const d of recent) lines.push(decisionLine(ctx, d));
    }
    return {
      lines,
      asOf: null,
      figures: {
        timezone: ctx.timezone,
        meetings: list.map((m) => ({
          bank: m.bank,
          start: m.start,
          end: m.date,
          decisionLocal: m.decision.toISO() ?? '',
          daysAway: m.daysAway,
          confirmed: m.confirmed,
          projected: m.projected,
        })),
        recent: recentFigures(recent),
      },
      chart: null,
    };
  },
};
