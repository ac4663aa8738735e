import type { Dataset } from '../../data/dataset.js';
import type { NumberFigure, Preset, ValueRef } from '../../data/schema.js';
import { interestCost } from '../../model/debt.js';
import type { ChartSpec } from '../chart.js';
import type { Formatter } from '../format.js';
import type { CommandDef } from '../types.js';
import { dated, round } from './shared.js';

// Body budget so that headline, body, "more" and footer stay within a ~600-character caption.
const CAPTION_BUDGET = 400;

type Resolved = Pick<NumberFigure, 'value' | 'unit' | 'asOf' | 'source' | 'grade' | 'staleAfterDays'>;

/** Reads a claim's or a datum's value: a preset figure, a derived figure, or an inline one. */
export function resolveRef(ref: ValueRef, dataset: Dataset): Resolved {
  if ('value' in ref) return ref;
  if ('figure' in ref) return dataset.presets[ref.preset].figures[ref.figure as keyof Preset['figures']] as NumberFigure;
  const preset = dataset.presets[ref.preset ?? 'observed'];
  switch (ref.derived) {
    case 'spread':
      return { value: dataset.currentSpread(preset), unit: 'pp', asOf: preset.figures.us10y.asOf, source: `${preset.figures.us10y.source} − ${preset.figures.jp10y.source}`, grade: 'E', staleAfterDays: preset.figures.us10y.staleAfterDays };
    case 'spreadMinSince2015': {
      const min = dataset.spreadHistory().filter((p) => p.date >= '2015-01-01').reduce((a, b) => (b.value < a.value ? b : a));
      return { value: min.value, unit: 'pp', asOf: min.date, source: 'FRED DGS10 − MOF JGB 10Y', grade: 'V' };
    }
    case 'interestCostYear1': {
      const f = preset.figures;
      const rise = f.bojRate.value - preset.params.debtBaselineRatePct;
      const [y1] = interestCost(rise, 1, { kind: 'gradual', debtJpy: f.jgbOutstanding.value, speed: preset.params.passThroughSpeed }, f.gdp.value);
      return { value: y1!.extraCostJpy, unit: 'JPY/year1', asOf: f.jgbOutstanding.asOf, source: 'MOF sensitivity; model §3d', grade: 'E' };
    }
  }
}

function show(v: Resolved, fmt: Formatter): string {
  const t = fmt.t;
  switch (v.unit) {
    case '%': return fmt.pct(v.value);
    case 'pp': return fmt.pp(v.value);
    case 'USD': return fmt.usd(v.value);
    case 'JPY': return fmt.jpy(v.value);
    case 'USD/month': return t('factcheck:value.perMonth', { v: fmt.usd(v.value) });
    case 'JPY/year': return t('factcheck:value.perYear', { v: fmt.jpy(v.value) });
    case 'JPY/year1': return t('factcheck:value.year1', { v: fmt.jpy(v.value) });
    default: return `${fmt.num(v.value)} ${v.unit}`;
  }
}

/** Bars are drawn on a common scale per unit family: trillions for money, plain for rates. */
const scaled = (v: Resolved) => (v.unit.startsWith('USD') || v.unit.startsWith('JPY') ? round(v.value / 1e9, 1) : v.value);

export const factcheck: CommandDef = {
  name: 'factcheck',
  args: [],
  examples: [''],
  charted: true,
  run(_args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const rows = ctx.dataset.factcheck.claims.map((c) => ({ ...c, claimV: resolveRef(c.claim, ctx.dataset), dataV: resolveRef(c.data, ctx.dataset) }));
    const lines: string[] = [];
    // As many claims as fit a photo caption, in the data file's order; all of them are in figures and the chart.
    let used = 0;
    const body: string[] = [];
    for (const r of rows) {
      const text = t('commands:factcheck.line', {
        mark: t(`factcheck:verdict.${r.verdict}`),
        label: t(`factcheck:claims.${r.id}` as 'factcheck:claims.us10y'),
        claim: show(r.claimV, fmt),
        data: show(r.dataV, fmt),
        date: fmt.date(r.dataV.asOf),
      });
      if (used + text.length > CAPTION_BUDGET) break;
      body.push(text);
      used += text.length + 1;
    }
    lines.push(t('commands:factcheck.headline', { count: body.length }), ...body);
    if (body.length < rows.length) lines.push(t('commands:factcheck.more', { total: rows.length }));
    // Data that follows a series carries its staleness limit: the one rule decides (data/stale.ts).
    const { asOf, stale } = dated(ctx, ...rows.map((r) => r.dataV));
    const panels: ChartSpec[] = rows.map((r) => ({
      kind: 'bar',
      title: t(`factcheck:claims.${r.id}` as 'factcheck:claims.us10y'),
      xType: 'category',
      series: [
        {
          id: r.id,
          label: t(`factcheck:claims.${r.id}` as 'factcheck:claims.us10y'),
          style: 'bar',
          role: 'primary',
          points: [
            [t('commands:factcheck.chart.claim'), scaled(r.claimV)],
            [t('commands:factcheck.chart.data'), scaled(r.dataV)],
          ],
          pointLabels: [show(r.claimV, fmt), show(r.dataV, fmt)],
        },
      ],
      marks: [],
      footnote: r.dataV.source,
    }));
    return {
      lines,
      asOf,
      stale,
      figures: {
        claims: rows.map((r) => ({
          id: r.id,
          verdict: r.verdict,
          claim: { value: r.claimV.value, unit: r.claimV.unit, asOf: r.claimV.asOf, source: r.claimV.source, grade: r.claimV.grade },
          data: { value: round(r.dataV.value, 6), unit: r.dataV.unit, asOf: r.dataV.asOf, source: r.dataV.source, grade: r.dataV.grade },
        })),
      },
      chart: {
        kind: 'pairs',
        title: t('commands:factcheck.chart.title'),
        xType: 'category',
        series: [],
        marks: [],
        panels,
        footnote: `FRED · MOF · TIC · FOMC · BOJ · BIS · ${fmt.date(asOf)}`,
      },
    };
  },
};
