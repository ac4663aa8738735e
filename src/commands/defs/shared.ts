/** Preset → model parameters, shared by the commands that use the same part of the model. */
import type { NumberFigure, Preset } from '../../data/schema.js';
import { carryCurve, type CarryCurve } from '../../model/carry.js';
import { staleness } from '../../data/stale.js';
import { monthsBetween } from '../../model/dates.js';
import type { FedParams } from '../../model/fed.js';
import type { StanceParams } from '../../model/stance.js';
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

/**
 * The answer's data date (the newest figure used) and whether any figure it used is older than its
 * series' normal lag as of today (figures without a lag, like the commentary's, are never stale).
 */
export function dated(ctx: CommandContext, ...figures: Array<string | NumberFigure>): { asOf: string; stale: boolean } {
  const stale = figures.some((f) => typeof f !== 'string' && staleness(f, f.asOf, ctx.now, ctx.timezone).stale);
  return { asOf: latest(...figures), stale };
}

export const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/** "Source · data as of" for a chart's footnote. */
export function footnote(ctx: CommandContext, sources: string[], asOf: string): string {
  return `${sources.join(' · ')} · ${ctx.fmt.t(`preset.${ctx.presetName}`)} · ${ctx.fmt.date(asOf)}`;
}

/** The last observation of each month from `since` on: enough points for a phone-sized chart. */
export function monthly(points: ReadonlyArray<{ date: string; value: number }>, since: string): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  for (const p of points) {
    if (p.date < since) continue;
    const last = out.at(-1);
    if (last && last[0].slice(0, 7) === p.date.slice(0, 7)) {
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
