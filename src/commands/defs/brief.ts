import { DateTime } from 'luxon';
import type { NumberFigure } from '../../data/schema.js';
import { lastChange } from '../../model/decisions.js';
import { countOnOrBefore, moveOf, type Move } from '../../model/moves.js';
import type { Point } from '../../model/spread.js';
import { policyStance } from '../../model/stance.js';
import type { ChartMark, ChartSpec } from '../chart.js';
import type { BriefingMemo, CommandContext, CommandDef } from '../types.js';
import { dateIn, decisionLine, recentDecisions, recentFigures, upcoming, type Decided } from './calendar.js';
import { currentSpread, footnote, gapMarks, dated, monthly, round, stanceParamsFor, steps } from './shared.js';

/** Without a record of the chat's last briefing, decisions of this many days are news. */
const NEWS_DAYS = 7;
/** A meeting still awaiting data is mentioned for this many days. */
const PENDING_DAYS = 14;

type MoveKey = 'spread' | 'us10y' | 'jp10y';

const clip = (points: Point[], date: string): Point[] => points.slice(0, countOnOrBefore(points, date));

/**
 * The three yields' moves, each series seen up to the date of the figure the briefing shows (so the
 * level is the preset's, whichever observation it follows). The article preset is a fixed snapshot: no moves.
 */
function movesFor(ctx: CommandContext): Record<MoveKey, Move | null> | null {
  if (ctx.presetName !== 'observed') return null;
  const f = ctx.preset.figures;
  const us = clip(ctx.dataset.series(f.us10y.series ?? 'DGS10'), f.us10y.asOf);
  const jp = clip(ctx.dataset.jgbHistory(), f.jp10y.asOf);
  const both = f.us10y.asOf < f.jp10y.asOf ? f.us10y.asOf : f.jp10y.asOf;
  return { spread: moveOf(clip(ctx.dataset.spreadHistory(), both)), us10y: moveOf(us), jp10y: moveOf(jp) };
}

const decidedKey = (d: Decided) => `${d.bank}|${d.date}`;

/** What every part of a briefing looks at: the chat's day, the figures, the moves and the decisions. */
interface Situation {
  today: string;
  s0: number;
  stance: ReturnType<typeof policyStance>;
  fomc: ReturnType<typeof upcoming>[number] | undefined;
  boj: ReturnType<typeof upcoming>[number] | undefined;
  moves: Record<MoveKey, Move | null> | null;
  memo: CommandContext['lastBriefing'];
  /** The data dates this briefing shows, by series. */
  dates: Record<string, string>;
  recent: Decided[];
  known: Decided[];
  news: Decided[];
  pending: Decided[];
  nothingNew: boolean;
}

// The briefing is built in parts (situation, lines, chart, figures) rather than one long function:
// the optimizing compiler then works on each part alone, which keeps its memory small (one 170-line
// function took 300–400 ms and ≈ 9 MB to compile, late in a long run, and the allocator kept them).

function situation(ctx: CommandContext): Situation {
  const f = ctx.preset.figures;
  const now = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone);
  const today = now.toISODate()!;
  const [fomc] = upcoming(ctx, 'fomc', 1);
  const [boj] = upcoming(ctx, 'boj', 1);
  const moves = movesFor(ctx);
  // What the chat has already seen: the data dates and decisions of its last briefing.
  const memo = ctx.lastBriefing;
  const seriesDate = (id: string | undefined) => (id && ctx.dataset.seriesInfo[id] ? ctx.dataset.series(id).at(-1)?.date : undefined);
  // A daily policy-rate file gains a row every day; only a change of the rate is news.
  const changeDate = (id: string | undefined) => (id && ctx.dataset.seriesInfo[id] ? lastChange(ctx.dataset.series(id))?.date : undefined);
  const dates: Record<string, string> = {};
  const seen = {
    US10Y: moves?.us10y?.lastDate ?? f.us10y.asOf,
    JP10Y: moves?.jp10y?.lastDate ?? f.jp10y.asOf,
    BOJRATE: changeDate(ctx.dataset.calendar.boj.policyRate),
    FEDRATE: changeDate(ctx.dataset.calendar.fomc.policyRate),
    WALCL: seriesDate('WALCL'),
    M2SL: seriesDate('M2SL'),
  };
  for (const [k, v] of Object.entries(seen)) if (v) dates[k] = v;
  const recent = recentDecisions(ctx, 45);
  const known = recent.filter((d) => d.outcome !== 'pending');
  const newsSince = now.startOf('day').minus({ days: NEWS_DAYS }).toISODate()!;
  const news = memo ? known.filter((d) => !(memo.decided ?? []).includes(decidedKey(d))) : known.filter((d) => d.date >= newsSince);
  const pendingSince = now.startOf('day').minus({ days: PENDING_DAYS }).toISODate()!;
  const pending = recent.filter((d) => d.outcome === 'pending' && d.date >= pendingSince);
  const nothingNew = !!memo && news.length === 0 && Object.keys(dates).length > 0 && Object.entries(dates).every(([k, v]) => memo.dates?.[k] === v);
  return { today, s0: currentSpread(ctx), stance: policyStance(f.bojRate.value, stanceParamsFor(ctx.preset)), fomc, boj, moves, memo, dates, recent, known, news, pending, nothingNew };
}

const bandOf = (ctx: CommandContext, lo: number, hi: number) => ctx.fmt.band(ctx.fmt.pct(lo), ctx.fmt.pct(hi));

function briefLines(ctx: CommandContext, b: Situation): string[] {
  const { fmt } = ctx;
  const t = fmt.t;
  const f = ctx.preset.figures;
  const { moves, news, nothingNew, fomc, boj } = b;
  // A decision that moved a rate leads; holds and pending outcomes follow the title.
  const moved = news.filter((d) => d.outcome === 'hike' || d.outcome === 'cut');
  const lines = [...moved.map((d) => decisionLine(ctx, d)), t('commands:brief.title', { date: fmt.date(b.today), zone: ctx.timezone })];
  lines.push(...news.filter((d) => d.outcome === 'hold').map((d) => decisionLine(ctx, d)), ...b.pending.map((d) => decisionLine(ctx, d)));

  const levelLine = t('commands:brief.spread', { spread: fmt.pp(b.s0), us: fmt.pct(f.us10y.value), jp: fmt.pct(f.jp10y.value), date: fmt.date(f.us10y.asOf) });
  if (nothingNew) {
    lines.push(t('moves:brief.noUpdate', { date: fmt.date(b.memo!.localDate) }), levelLine);
  } else if (moves) {
    const level = { spread: fmt.pp, us10y: fmt.pct, jp10y: fmt.pct } as const;
    for (const key of ['spread', 'us10y', 'jp10y'] as const) {
      const m = moves[key];
      if (!m) continue;
      const common = { name: t(`moves:brief.name.${key}`), level: level[key](m.last), date: dateIn(ctx, m.lastDate) };
      const d1 = m.d1Bp !== null ? { d1: fmt.signedBp(m.d1Bp), d1Date: dateIn(ctx, m.d1Date!) } : null;
      lines.push(
        d1 && m.w1Bp !== null
          ? t('moves:brief.move', { ...common, ...d1, w1: fmt.signedBp(m.w1Bp), w1Date: dateIn(ctx, m.w1Date!) })
          : d1
            ? t('moves:brief.moveDay', { ...common, ...d1 })
            : t('moves:brief.moveLevel', common),
      );
    }
  } else lines.push(levelLine);
  if (!nothingNew) {
    lines.push(
      t('commands:brief.boj', { rate: fmt.pct(f.bojRate.value), band: bandOf(ctx, f.neutralLow.value, f.neutralHigh.value), stance: t(`stance.${b.stance.stance}`) }),
      t('commands:brief.fed', {
        band: bandOf(ctx, f.fedFundsLow.value, f.fedFundsHigh.value),
        date: fmt.date(f.fedFundsLow.asOf),
        bs: fmt.usd(f.fedBalanceSheet.value),
        bsDate: fmt.date(f.fedBalanceSheet.asOf),
      }),
      t('commands:brief.m2', { m2: fmt.usd(f.m2.value), date: fmt.date(f.m2.asOf) }),
    );
  }
  if (fomc && boj) {
    lines.push(
      t('commands:brief.next', {
        fomc: fmt.date(fomc.decision.toISODate()!),
        fomcIn: fmt.days(fomc.daysAway),
        boj: fmt.date(boj.decision.toISODate()!),
        bojIn: fmt.days(boj.daysAway),
        unconfirmed: boj.confirmed ? '' : t('commands:brief.unconfirmed'),
      }),
    );
  }
  return lines;
}

function briefChart(ctx: CommandContext, b: Situation, asOf: string, stale: boolean): ChartSpec {
  const { fmt } = ctx;
  const t = fmt.t;
  const f = ctx.preset.figures;
  const since = `${Number(asOf.slice(0, 4)) - 5}-01-01`;
  const panel = (title: string, headline: string, points: Array<[string, number]>, unit: string, style: 'line' | 'step' = 'line'): ChartSpec => ({
    kind: 'line',
    title,
    headline,
    xType: 'date',
    yLabel: unit,
    series: [{ id: title, label: title, style, role: 'primary', points }],
    marks: gapMarks(points, fmt),
    footnote: '',
  });
  const trillions = (pts: Array<[string, number]>, div: number) => pts.map(([d, v]) => [d, round(v / div, 3)] as [string, number]);

  // The spread panel: the last three months day by day, today's level against a week ago.
  const spreadMove = b.moves?.spread ?? null;
  const spreadSeen = ctx.dataset.spreadHistory().filter((p) => p.date <= f.us10y.asOf);
  const recentFrom = spreadMove ? DateTime.fromISO(spreadMove.lastDate).minus({ days: 90 }).toISODate()! : '';
  const daily = spreadMove ? spreadSeen.filter((p) => p.date >= recentFrom).map((p) => [p.date, round(p.value, 4)] as [string, number]) : [];
  const spreadPoints = daily.length >= 10 ? daily : monthly(spreadSeen, since);
  const spreadMarks: ChartMark[] = [];
  if (spreadMove) {
    if (spreadMove.w1Date && spreadMove.w1Bp !== null) {
      const weekAgo = round(spreadMove.last - spreadMove.w1Bp / 100, 4);
      spreadMarks.push({ type: 'point', x: spreadMove.w1Date, y: weekAgo, label: t('moves:brief.chart.weekAgo', { value: fmt.pp(weekAgo) }), role: 'muted' });
    }
    spreadMarks.push({ type: 'point', x: spreadMove.lastDate, y: spreadMove.last, label: t('moves:brief.chart.today', { value: fmt.pp(spreadMove.last) }), role: 'accent' });
  }
  return {
    kind: 'dashboard',
    title: t('commands:brief.chart.title', { date: fmt.date(b.today) }),
    xType: 'date',
    series: [],
    marks: [],
    panels: [
      { ...panel(t('commands:spread.chart.spread'), fmt.pp(spreadMove?.last ?? b.s0), spreadPoints, t('commands:spread.chart.y')), marks: [...gapMarks(spreadPoints, fmt), ...spreadMarks] },
      {
        ...panel(t('commands:neutral.chart.history'), fmt.pct(f.bojRate.value), steps(ctx.dataset.series('BOJRATE'), since, f.bojRate.asOf), t('commands:neutral.chart.y'), 'step'),
        marks: [{ type: 'band', from: f.neutralLow.value, to: f.neutralHigh.value, label: bandOf(ctx, f.neutralLow.value, f.neutralHigh.value), role: 'positive' }],
      },
      panel(t('commands:brief.chart.balanceSheet'), fmt.usd(f.fedBalanceSheet.value), trillions(monthly(ctx.dataset.series('WALCL'), since), 1e6), t('commands:brief.chart.usdT')),
      panel(t('commands:brief.chart.m2'), fmt.usd(f.m2.value), trillions(monthly(ctx.dataset.series('M2SL'), since), 1e3), t('commands:brief.chart.usdT')),
    ],
    footnote: footnote(ctx, ['FRED', 'MOF', 'BOJ'], { asOf, stale }),
  };
}

function briefFigures(ctx: CommandContext, b: Situation) {
  const f = ctx.preset.figures;
  const { moves, fomc, boj } = b;
  const movesFigure = moves
    ? Object.fromEntries(
        (['spread', 'us10y', 'jp10y'] as const).map((k) => {
          const m = moves[k];
          return [k, m ? { last: m.last, lastDate: m.lastDate, d1Bp: m.d1Bp, w1Bp: m.w1Bp } : null];
        }),
      )
    : null;
  const movesFrom = moves
    ? Object.fromEntries((['spread', 'us10y', 'jp10y'] as const).map((k) => [k, moves[k] ? { d1Date: moves[k]!.d1Date, w1Date: moves[k]!.w1Date } : null]))
    : null;
  const memoOut: BriefingMemo = { localDate: b.today, dates: b.dates, decided: b.known.map(decidedKey) };
  return {
    date: b.today,
    spreadPp: b.s0,
    us10yPct: f.us10y.value,
    jp10yPct: f.jp10y.value,
    bojRatePct: f.bojRate.value,
    stance: b.stance.stance,
    fedFundsLowPct: f.fedFundsLow.value,
    fedFundsHighPct: f.fedFundsHigh.value,
    fedBalanceSheetUsd: f.fedBalanceSheet.value,
    m2Usd: f.m2.value,
    nextFomc: fomc?.date ?? null,
    nextFomcDays: fomc?.daysAway ?? null,
    nextBoj: boj?.date ?? null,
    nextBojDays: boj?.daysAway ?? null,
    nextBojConfirmed: boj?.confirmed ?? null,
    moves: movesFigure,
    movesFrom,
    recent: recentFigures(b.recent),
    news: recentFigures(b.news),
    noUpdate: b.nothingNew,
    memo: { localDate: memoOut.localDate, dates: memoOut.dates, decided: memoOut.decided },
  };
}

export const brief: CommandDef = {
  name: 'brief',
  args: [],
  examples: [''],
  charted: true,
  run(_args, ctx) {
    const f = ctx.preset.figures;
    const b = situation(ctx);
    const figs: NumberFigure[] = [f.us10y, f.jp10y, f.bojRate, f.fedFundsLow, f.fedBalanceSheet, f.m2];
    const { asOf, stale } = dated(ctx, ...figs);
    return { lines: briefLines(ctx, b), asOf, stale, figures: briefFigures(ctx, b), chart: briefChart(ctx, b, asOf, stale) };
  },
};
