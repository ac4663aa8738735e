/** Preset → model parameters, shared by the commands that use the same part of the model. */
import type { NumberFigure, Preset } from '../../data/schema.js';
import { staleness } from '../../data/stale.js';
import { carryCurve, type CarryCurve } from '../../model/carry.js';
import { DateTime } from 'luxon';
import { monthsBetween } from '../../model/dates.js';
import type { FedParams } from '../../model/fed.js';
import type { StanceParams } from '../../model/stance.js';
import type { ChartMark } from '../chart.js';
import type { Formatter } from '../format.js';
import type { CommandContext } from '../types.js';

export function currentSpread(ctx: CommandContext): number {
  return ctx.dataset.currentSpread(ctx.preset);
}

/** The date of the preset's market snapshot (its yields). */
export function snapshotDate(preset: Preset): string {
  return preset.figures.us10y.asOf;
}

export function carryFor(ctx: CommandContext, currentSpreadPp = currentSpread(ctx)): CarryCurve {
  const f = ctx.preset.figures;
  return carryCurve({
    currentSpreadPp,
    carryStockUsd: f.carryStock.value,
    repatriationShare: f.repatriationShare.value,
    anchorSpreadPp: f.anchorSpread.value,
    anchorUnwoundUsd: f.anchorUnwound.value,
    widthPp: ctx.preset.params.unwindWidthPp,
  });
}

export function fedParamsFor(preset: Preset): FedParams {
  const f = preset.figures;
  return {
    qtRunoffPerMonthUsd: f.qtRunoffPerMonth.value,
    cutLiquidityPer25bpUsd: f.cutLiquidityPer25bp.value,
    m2Usd: f.m2.value,
  };
}

export function stanceParamsFor(preset: Preset): StanceParams {
  const f = preset.figures;
  return {
    neutralLowPct: f.neutralLow.value,
    neutralHighPct: f.neutralHigh.value,
    inflationPct: f.coreInflation.value,
    stepBp: preset.params.hikeStepBp,
  };
}

/** Months from the end of QT to the preset's snapshot (0 at the commentary's date). */
export function monthsSinceQtEnd(preset: Preset): number {
  return Math.max(0, monthsBetween(preset.figures.qtEnd.value, snapshotDate(preset)));
}

/** The newest date among the figures an answer used. */
export function latest(...dates: Array<string | NumberFigure>): string {
  return dates.map((d) => (typeof d === 'string' ? d : d.asOf)).reduce((a, b) => (b > a ? b : a));
}

/** An answer's data date and whether it is stale: what every footer and chart footnote prints. */
export interface DataDate {
  asOf: string;
  stale: boolean;
}

/** The reader's "today" in the chat's timezone, as an ISO date. */
export function todayIn(ctx: Pick<CommandContext, 'now' | 'timezone'>): string {
  return DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).toISODate()!;
}

/**
 * The one staleness rule (staleness() in src/data/stale.ts) applied to an answer: the data date
 * is the newest figure used, and it is stale when any figure used is older than its series' normal
 * lag as of today in the chat's timezone (figures without a lag, like the commentary's, never are).
 */
export function dated(ctx: CommandContext, ...figures: Array<string | NumberFigure>): DataDate {
  const stale = figures.some((f) => typeof f !== 'string' && staleness(f, f.asOf, ctx.now, ctx.timezone).stale);
  return { asOf: latest(...figures), stale };
}

/** "1 Dec 2025" or "1 Dec 2025 (stale)": the data date as footers and footnotes print it. */
export function dataDateText(fmt: Formatter, d: DataDate): string {
  return fmt.t(d.stale ? 'dataDate.stale' : 'dataDate.fresh', { date: fmt.date(d.asOf) });
}

/**
 * How an answer names a current figure: "today 2.245pp" only when its date is today in the chat's
 * timezone, otherwise "latest 2.245pp (1 Dec 2025)". One place, so the rule can be re-pointed.
 */
export function currentText(ctx: CommandContext, value: string, asOf: string): string {
  return asOf === todayIn(ctx) ? ctx.fmt.t('current.today', { value }) : ctx.fmt.t('current.latest', { value, date: ctx.fmt.date(asOf) });
}

/** First letter upper-cased (a no-op for Chinese): for labels that start a line. */
export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

export const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/** "Source · preset · data date (stale)" for a chart's footnote: the same date and mark as the answer's footer. */
export function footnote(ctx: CommandContext, sources: string[], d: DataDate): string {
  return [...sources, ctx.fmt.t(`preset.${ctx.presetName}`), dataDateText(ctx.fmt, d)].join(' · ');
}

/** Whether two ISO dates fall in the same month (compares "YYYY-MM" in place, no substrings). */
const sameMonth = (a: string, b: string): boolean => {
  for (let i = 0; i < 7; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return false;
  return true;
};

/** The last observation of each month from `since` on: enough points for a phone-sized chart. */
export function monthly(points: ReadonlyArray<{ date: string; value: number }>, since: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const p of points) {
    if (p.date < since) continue;
    const last = out.at(-1);
    if (last && sameMonth(last[0], p.date)) {
      last[0] = p.date;
      last[1] = p.value;
    } else out.push([p.date, p.value]);
  }
  return out.map(([d, v]) => [d, round(v, 4)]);
}

/** A step series (values that hold from a date on) seen from `since` to `until`, for step charts. */
export function steps(points: ReadonlyArray<{ date: string; value: number }>, since: string, until: string): Array<[string, number]> {
  const before = points.filter((p) => p.date < since).at(-1);
  const inside = points.filter((p) => p.date >= since && p.date <= until).map((p) => [p.date, p.value] as [string, number]);
  const start: Array<[string, number]> = before ? [[since, before.value]] : [];
  const all = [...start, ...inside];
  const last = all.at(-1);
  return last && last[0] < until ? [...all, [until, last[1]]] : all;
}

/**
 * Stretches of a dated series with no observations (longer than four typical steps), as chart marks
 * with a note ("no data Aug 2024–Dec 2025"): the renderer draws them as gaps, never as a bridge.
 */
export function gapMarks(points: ReadonlyArray<[string | number, number]>, fmt: Formatter, key: 'chart.gap' | 'chart.gapJgb' = 'chart.gap'): ChartMark[] {
  const dates = points.map(([d]) => d).filter((d): d is string => typeof d === 'string');
  if (dates.length < 8) return [];
  const ms = dates.map((d) => Date.parse(`${d}T00:00:00Z`));
  const steps = ms.slice(1).map((x, i) => x - ms[i]!).sort((a, b) => a - b);
  const typical = steps[Math.floor(steps.length / 2)]!;
  // Named by the months with no observation: the day after the last one to the day before the next.
  const month = (iso: string, days: number) =>
    DateTime.fromISO(iso, { zone: 'utc' }).plus({ days }).setLocale(fmt.t('date.locale')).toFormat(fmt.t('date.month'));
  const out: ChartMark[] = [];
  for (let i = 1; i < ms.length; i++) {
    if (ms[i]! - ms[i - 1]! > 4 * typical) {
      out.push({ type: 'gap', from: dates[i - 1]!, to: dates[i]!, label: fmt.t(key, { from: month(dates[i - 1]!, 1), to: month(dates[i]!, -1) }), role: 'muted' });
    }
  }
  return out;
}
