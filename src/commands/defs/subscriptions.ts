import { DateTime } from 'luxon';
import { DAY_CHOICES, nextOccurrence, parseTime, type Schedule } from '../../model/schedule.js';
import { choiceArg, echo, textArg, command } from '../args.js';
import { UserError } from '../errors.js';
import type { CommandContext, Days, SubscriptionPort } from '../types.js';
import { parseSetting } from './settings.js';

const DEFAULT_TIME = '08:00';

/** Briefings are delivered to a platform chat; the console has none to deliver to. */
function port(ctx: CommandContext, name: string): SubscriptionPort {
  if (ctx.platform === 'console' || !ctx.subscriptions) throw new UserError('platformOnly', { command: name });
  return ctx.subscriptions;
}

/** "Tue 24 Nov 2026 08:00 your time, 00:00 UTC". */
export function describeNext(ctx: CommandContext, s: Schedule): string {
  const next = nextOccurrence(s, ctx.now);
  const t = ctx.fmt.t;
  const locale = t('date.locale');
  return t('commands:subscribe.next', {
    local: next.at.setLocale(locale).toFormat(`${t('date.weekday')} HH:mm`),
    utc: next.at.toUTC().setLocale(locale).toFormat(`${t('date.short')} HH:mm`),
  });
}

export const subscribe = command({
  name: 'subscribe',
  args: [textArg({ name: 'time', example: '08:00' }), textArg({ name: 'timezone', example: 'Asia/Shanghai' }), choiceArg({ name: 'days', values: DAY_CHOICES, example: 'weekdays' })],
  examples: ['', '07:30 Asia/Shanghai', '08:00 America/New_York daily'],
  charted: false,
  admin: true,
  async run(args, ctx) {
    const subs = port(ctx, 'subscribe');
    const t = ctx.fmt.t;
    const raw = args.time;
    const time = raw === undefined ? DEFAULT_TIME : parseTime(raw);
    if (!time) throw new UserError('time', { value: echo(raw ?? ''), example: '/subscribe 07:30 Asia/Shanghai' });
    let zone = ctx.timezone;
    if (typeof args.timezone === 'string') {
      zone = parseSetting('tz', args.timezone, ctx).timezone!;
      await ctx.settings.set(ctx.chatId, { timezone: zone });
    }
    const days: Days = args.days ?? 'weekdays';
    const schedule: Schedule = { time, zone, days };
    await subs.put({ chatId: ctx.chatId, ...schedule, status: 'active', since: DateTime.fromJSDate(ctx.now).toISO()!, lang: ctx.lang });
    return {
      lines: [t('commands:subscribe.saved', { days: t(`commands:subscribe.days.${days}`), time, zone }), describeNext(ctx, schedule)],
      asOf: null,
      chart: null,
      figures: { subscribed: true, ...schedule, next: nextOccurrence(schedule, ctx.now).at.toUTC().toISO() },
    };
  },
});

export const unsubscribe = command({
  name: 'unsubscribe',
  args: [],
  examples: [''],
  charted: false,
  admin: true,
  async run(_args, ctx) {
    const removed = await port(ctx, 'unsubscribe').remove(ctx.chatId);
    return { lines: [ctx.fmt.t(removed ? 'commands:unsubscribe.done' : 'commands:unsubscribe.none')], asOf: null, chart: null, figures: { subscribed: false } };
  },
});
