import type { CommandDef } from '../types.js';
import { upcoming } from './calendar.js';

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
    const lines = [t('commands:events.title', { zone: ctx.timezone })];
    if (list.length === 0) lines.push(t('commands:events.none'));
    for (const m of list) {
      const time = `${m.decision.setLocale(locale).toFormat(t('date.short'))} ${m.decision.toFormat('HH:mm')}`;
      lines.push(
        t('commands:events.line', {
          bank: t(`commands:events.bank.${m.bank}`),
          start: fmt.shortDate(m.start),
          end: fmt.shortDate(m.date),
          time: m.approximateTime ? t('commands:events.approx', { time }) : time,
          in: fmt.days(m.daysAway),
          flags: m.projected ? t('commands:events.projected') : m.confirmed ? '' : t('commands:events.unconfirmed'),
        }),
      );
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
      },
      chart: null,
    };
  },
};
