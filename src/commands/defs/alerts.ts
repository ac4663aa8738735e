/**
 * /alert and /alerts: a chat's lines on the spread and the two 10y yields, and its FOMC/BOJ
 * meeting alerts. The commands keep the list; src/alerts watches the data and delivers.
 *
 *   /alert spread below 1.5     /alert us10y above 4.5     /alert 利差 低于 1.5
 *   /alert spread 1.5           (no direction: the side of the line the spread is heading to)
 *   /alert fomc                 /alert boj
 *   /alert off 3                /alert off all              /alerts
 */
import { DateTime } from 'luxon';
import type { Dataset } from '../../data/dataset.js';
import { directionToward, rearmLevel, crossed, type Direction } from '../../model/alerts.js';
import { choiceArg, echo, normalizeToken, parseNumber, textArg, command } from '../args.js';
import { UserError } from '../errors.js';
import type { AlertBank, AlertPort, AlertRecord, AlertRule, CommandContext, Figures, Reply, Watched } from '../types.js';
import { alertBanks, watchedSeries } from '../types.js';
import { upcoming } from './calendar.js';

/** At most this many alerts per chat. */
export const MAX_ALERTS = 10;

/** The lines a threshold may be set at, per series (%, pp for the spread). */
export const LEVEL_RANGE: Record<Watched, { min: number; max: number }> = {
  spread: { min: -5, max: 10 },
  us10y: { min: 0, max: 15 },
  jp10y: { min: -1, max: 10 },
};

const WHAT = [...watchedSeries, ...alertBanks, 'off'] as const;

/** Words people use for what they watch, in both languages (tokens are NFKC-folded and lower-cased). */
const WHAT_ALIASES: Record<string, (typeof WHAT)[number]> = {
  利差: 'spread', 美日利差: 'spread', 息差: 'spread', 'us-jp': 'spread', spreads: 'spread',
  us10: 'us10y', ust: 'us10y', ust10y: 'us10y', dgs10: 'us10y', 美债: 'us10y', 美债收益率: 'us10y', 美国国债: 'us10y', '10年美债': 'us10y', 美十年: 'us10y',
  jp10: 'jp10y', jgb: 'jp10y', jgb10y: 'jp10y', 日债: 'jp10y', 日债收益率: 'jp10y', 日本国债: 'jp10y', '10年日债': 'jp10y', 日十年: 'jp10y',
  fed: 'fomc', 美联储: 'fomc', 联储: 'fomc', 议息: 'fomc',
  日银: 'boj', 日本央行: 'boj', 日央行: 'boj', 央行: 'boj', boj会议: 'boj',
  关闭: 'off', 取消: 'off', 删除: 'off', 关: 'off', remove: 'off', delete: 'off', del: 'off', rm: 'off', stop: 'off', cancel: 'off',
};

const DIRECTION: Record<string, Direction> = {
  above: 'above', over: 'above', '>': 'above', '>=': 'above', up: 'above', higher: 'above', 高于: 'above', 超过: 'above', 突破: 'above', 上破: 'above', 升破: 'above', 大于: 'above', 以上: 'above', 涨破: 'above', 涨到: 'above',
  below: 'below', under: 'below', '<': 'below', '<=': 'below', down: 'below', lower: 'below', 低于: 'below', 跌破: 'below', 下破: 'below', 小于: 'below', 以下: 'below', 跌到: 'below', 低过: 'below',
};

const ALL = new Set(['all', '全部', '所有', '全部删除', 'everything', '*']);

/** The newest level of a watched series in the data an answer may use (the observed figures). */
export function levelNow(dataset: Dataset, series: Watched): { value: number; date: string } | null {
  const f = dataset.presets.observed.figures;
  if (series === 'us10y') return { value: f.us10y.value, date: f.us10y.asOf };
  if (series === 'jp10y') return { value: f.jp10y.value, date: f.jp10y.asOf };
  const date = f.us10y.asOf > f.jp10y.asOf ? f.us10y.asOf : f.jp10y.asOf;
  return { value: dataset.currentSpread(dataset.presets.observed), date };
}

/** A level as answers print it: pp for the spread, % for a yield. */
export function levelText(ctx: CommandContext, series: Watched, n: number): string {
  return series === 'spread' ? ctx.fmt.pp(n) : ctx.fmt.pct(n);
}

function port(ctx: CommandContext, name: string): AlertPort {
  if (ctx.platform === 'console' || !ctx.alerts) throw new UserError('platformOnly', { command: name });
  return ctx.alerts;
}

/** "the US–Japan 10y spread below 1.5pp". */
export function ruleText(ctx: CommandContext, rule: AlertRule): string {
  const t = ctx.fmt.t;
  if (rule.kind === 'decision') return t('commands:alert.rule.decision', { bank: t(`commands:events.bank.${rule.bank}`) });
  return t('commands:alert.rule.level', { name: t(`commands:alert.name.${rule.series}`), op: t(`commands:alert.op.${rule.op}`), threshold: levelText(ctx, rule.series, rule.threshold) });
}

/** "Fri 18 Dec" of the bank's next meeting, or the "none on file" word. */
function nextMeeting(ctx: CommandContext, bank: AlertBank): string {
  const [next] = upcoming(ctx, bank, 1);
  return next ? ctx.fmt.t('commands:alert.nextMeeting', { date: ctx.fmt.date(next.decision.toISODate()!), days: ctx.fmt.days(next.daysAway) }) : ctx.fmt.t('commands:events.none');
}

function parseLevel(ctx: CommandContext, series: Watched, raw: string | undefined): number {
  const t = ctx.fmt.t;
  const range = LEVEL_RANGE[series];
  const common = {
    label: t('commands:alert.args.level.label'),
    min: levelText(ctx, series, range.min),
    max: levelText(ctx, series, range.max),
    example: `/alert ${series} below ${series === 'spread' ? '1.5' : series === 'us10y' ? '4' : '1.5'}`,
  };
  if (raw === undefined) throw new UserError('alertLevel', common);
  const n = parseNumber(raw, 'pp');
  if (n === null) throw new UserError('notNumber', { ...common, value: echo(raw) });
  if (n < range.min || n > range.max) throw new UserError('range', { ...common, value: echo(levelText(ctx, series, n)) });
  return n;
}

async function remove(ctx: CommandContext, raw: string | undefined, extra: string | undefined): Promise<Reply> {
  const alerts = port(ctx, 'alert');
  const t = ctx.fmt.t;
  const token = raw === undefined ? '' : normalizeToken(raw).replace(/^#/, '');
  const which = ALL.has(token) ? 'all' : /^\d{1,3}$/.test(token) ? Number(token) : null;
  if (which === null || extra !== undefined) throw new UserError('alertOff', { value: echo(raw ?? '') });
  const removed = await alerts.remove(ctx.chatId, which);
  const line =
    which === 'all'
      ? t(removed ? 'commands:alert.off.all' : 'commands:alert.off.none', { count: removed })
      : removed
        ? t('commands:alert.off.one', { id: which })
        : t('commands:alert.off.unknown', { id: which });
  return { lines: [line], asOf: null, chart: null, figures: { removed, which } };
}

export const alert = command({
  name: 'alert',
  args: [
    choiceArg({ name: 'what', values: WHAT, example: 'spread', aliases: WHAT_ALIASES }),
    textArg({ name: 'direction', example: 'below' }),
    textArg({ name: 'level', example: '1.5' }),
  ],
  examples: ['spread below 1.5', 'us10y above 4.5', 'boj', 'off 1'],
  charted: false,
  admin: true,
  async run({ what, direction, level }, ctx) {
    const t = ctx.fmt.t;
    if (what === undefined) return list(ctx, 'alert');
    if (what === 'off') return remove(ctx, direction, level);
    const alerts = port(ctx, 'alert');
    let rule: AlertRule;
    let armed = true;
    const lines: string[] = [];
    if (what === 'fomc' || what === 'boj') {
      if (direction !== undefined) throw new UserError('alertExtra', { value: echo(direction), example: `/alert ${what}` });
      rule = { kind: 'decision', bank: what };
    } else {
      // "/alert spread 1.5": the level came where the direction goes.
      const givenDirection = direction === undefined ? undefined : DIRECTION[normalizeToken(direction)];
      const levelRaw = givenDirection === undefined && level === undefined ? direction : level;
      if (direction !== undefined && givenDirection === undefined && level !== undefined) {
        throw new UserError('alertDirection', { value: echo(direction), example: `/alert ${what} below ${echo(level)}` });
      }
      const threshold = parseLevel(ctx, what, levelRaw);
      const now = levelNow(ctx.dataset, what);
      const op = givenDirection ?? (now ? directionToward(threshold, now.value) : 'below');
      rule = { kind: 'level', series: what, op, threshold };
      // Already past the line: it fires on the next crossing, not now.
      armed = !now || !crossed(op, threshold, now.value);
      if (now) lines.push(t('commands:alert.now', { name: t(`commands:alert.name.${what}`), value: levelText(ctx, what, now.value), date: ctx.fmt.date(now.date) }));
      if (!armed) lines.push(t('commands:alert.alreadyPast', { rearm: levelText(ctx, what, rearmLevel(op, threshold, alerts.bandPp)) }));
    }
    const saved = await alerts.add(ctx.chatId, rule, { armed, now: ctx.now, max: MAX_ALERTS, lang: ctx.lang });
    if (saved === 'full') throw new UserError('alertsFull', { max: MAX_ALERTS });
    const head = t('commands:alert.saved', { id: saved.id, rule: ruleText(ctx, rule) });
    const how =
      rule.kind === 'decision'
        ? t('commands:alert.decisionHow', { next: nextMeeting(ctx, rule.bank) })
        : t('commands:alert.levelHow', { band: ctx.fmt.bp(Math.round(alerts.bandPp * 100)) });
    return {
      lines: [head, ...lines, how, t('commands:alert.manage', { id: saved.id })],
      asOf: null,
      chart: null,
      figures: { alert: figureOf(saved, alerts.bandPp) },
    };
  },
});

function figureOf(a: AlertRecord, bandPp: number): Figures {
  return a.kind === 'decision'
    ? { id: a.id, kind: a.kind, bank: a.bank, created: a.created }
    : { id: a.id, kind: a.kind, series: a.series, op: a.op, threshold: a.threshold, armed: a.armed ?? true, rearmAt: rearmLevel(a.op, a.threshold, bandPp), created: a.created };
}

async function list(ctx: CommandContext, name: string): Promise<Reply> {
  const alerts = port(ctx, name);
  const t = ctx.fmt.t;
  const all = await alerts.list(ctx.chatId);
  if (all.length === 0) return { lines: [t('commands:alerts.none')], asOf: null, chart: null, figures: { alerts: [] } };
  const lines = [t('commands:alerts.title', { count: all.length, max: MAX_ALERTS })];
  for (const a of all) {
    const state =
      a.kind === 'decision'
        ? nextMeeting(ctx, a.bank)
        : a.armed === false
          ? t('commands:alerts.fired', { rearm: levelText(ctx, a.series, rearmLevel(a.op, a.threshold, alerts.bandPp)) })
          : t('commands:alerts.armed');
    lines.push(t('commands:alerts.line', { id: a.id, rule: ruleText(ctx, a), state, since: ctx.fmt.date(DateTime.fromISO(a.created).setZone(ctx.timezone).toISODate()!) }));
  }
  lines.push(t('commands:alerts.footer'));
  return { lines, asOf: null, chart: null, figures: { alerts: all.map((a) => figureOf(a, alerts.bandPp)) } };
}

export const alertsList = command({
  name: 'alerts',
  args: [],
  examples: [''],
  charted: false,
  run: (_args, ctx) => list(ctx, 'alerts'),
});
