import type { Dataset } from '../../data/dataset.js';
import type { Factcheck, NumberFigure, Preset, ValueRef } from '../../data/schema.js';
import { interestCost } from '../../model/debt.js';
import { echo, textArg, command } from '../args.js';
import type { ChartSeries, ChartSpec } from '../chart.js';
import { UserError } from '../errors.js';
import type { Formatter } from '../format.js';
import type { CommandContext } from '../types.js';
import { dated, dataDateText, round } from './shared.js';

/** Claims in the short answer, in the data file's order: the same count in every language. */
export const SUMMARY_CLAIMS = 5;

type Resolved = Pick<NumberFigure, 'value' | 'unit' | 'asOf' | 'source' | 'grade' | 'staleAfterDays'>;
type Claim = Factcheck['claims'][number];

/** Reads a claim's or a datum's value: a preset figure, a derived figure, or an inline one. */
export function resolveRef(ref: ValueRef, dataset: Dataset): Resolved {
  if ('value' in ref) return ref;
  if ('figure' in ref) return dataset.presets[ref.preset].figures[ref.figure as keyof Preset['figures']] as NumberFigure;
  const preset = dataset.presets[ref.preset ?? 'observed'];
  switch (ref.derived) {
    case 'spread': {
      const us = preset.figures.us10y;
      return {
        value: dataset.currentSpread(preset),
        unit: 'pp',
        asOf: us.asOf,
        source: `${us.source} − ${preset.figures.jp10y.source}`,
        grade: 'E',
        ...(us.staleAfterDays !== undefined ? { staleAfterDays: us.staleAfterDays } : {}),
      };
    }
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

/** A value in its unit; `q` words the bare amount as the commentary does ("over ¥8T" inside "¥8T a year"). */
function show(v: Resolved, fmt: Formatter, q: (s: string) => string = (s) => s): string {
  const t = fmt.t;
  switch (v.unit) {
    case '%': return q(fmt.pct(v.value));
    case 'pp': return q(fmt.pp(v.value));
    case 'USD': return q(fmt.usd(v.value));
    case 'USD/change': return q(v.value > 0 ? `+${fmt.usd(v.value)}` : fmt.usd(v.value));
    case 'JPY': return q(fmt.jpy(v.value));
    case 'USD/month': return t('factcheck:value.perMonth', { v: q(fmt.usd(v.value)) });
    case 'JPY/year': return t('factcheck:value.perYear', { v: q(fmt.jpy(v.value)) });
    case 'JPY/year1': return t('factcheck:value.year1', { v: q(fmt.jpy(v.value)) });
    default: return q(`${fmt.num(v.value)} ${v.unit}`);
  }
}

interface Row extends Claim {
  n: number;
  claimV: Resolved;
  dataV: Resolved;
}

/** The commentary's figure as it words it ("over ¥8T/year"). */
const said = (r: Row, fmt: Formatter) => show(r.claimV, fmt, r.qualifier ? (v) => fmt.t(`factcheck:qualifier.${r.qualifier!}`, { v }) : undefined);

/** The checked figure; never "$0" for "none", and no number at all where nothing was measured. */
function found(r: Row, fmt: Formatter): string {
  if (r.verdict === 'unmeasured') return fmt.t('factcheck:value.unmeasured');
  if (r.dataV.value === 0 && r.claimV.value !== 0) return fmt.t(`factcheck:value.none.${r.id}` as 'factcheck:value.none.cutLiquidity', { defaultValue: fmt.t('factcheck:value.none.default') });
  return show(r.dataV, fmt);
}

const label = (r: Row, fmt: Formatter) => fmt.t(`factcheck:claims.${r.id}` as 'factcheck:claims.us10y');

/** Bars on a common scale per unit family (billions for money, plain for rates); signs kept. */
const scaled = (v: Resolved) => (v.unit.startsWith('USD') || v.unit.startsWith('JPY') ? round(v.value / 1e9, 1) : v.value);

function panel(r: Row, fmt: Formatter): ChartSpec {
  const t = fmt.t;
  const measured = r.verdict !== 'unmeasured';
  const series: ChartSeries = {
    id: r.id,
    label: label(r, fmt),
    style: 'bar',
    role: 'primary',
    // An unmeasured datum has no bar: only its label ("not measured") is drawn.
    points: [[t('commands:factcheck.chart.claim'), scaled(r.claimV)], ...(measured ? [[t('commands:factcheck.chart.data'), scaled(r.dataV)] as [string, number]] : [])],
    pointLabels: [fmt.tidy(said(r, fmt)), fmt.tidy(found(r, fmt))],
  };
  return { kind: 'bar', title: label(r, fmt), xType: 'category', series: [series], marks: [], footnote: r.dataV.source };
}

function pick(raw: string | undefined, rows: Row[], ctx: CommandContext): 'summary' | 'all' | Row {
  if (raw === undefined) return 'summary';
  const v = raw.trim().toLowerCase();
  if (v === 'all' || v === '全部') return 'all';
  const row = rows.find((r) => String(r.n) === v || r.id.toLowerCase() === v);
  if (row) return row;
  const t = ctx.fmt.t;
  throw new UserError('choice', {
    label: t('commands:factcheck.args.claim.label'),
    value: echo(raw),
    values: `all | 1–${rows.length} | ${rows.map((r) => r.id).join(' | ')}`,
    example: '/factcheck all',
  });
}

export const factcheck = command({
  name: 'factcheck',
  args: [textArg({ name: 'claim', example: 'all' })],
  examples: ['', 'all', '5'],
  charted: true,
  run({ claim }, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const rows: Row[] = ctx.dataset.factcheck.claims.map((c, i) => ({ ...c, n: i + 1, claimV: resolveRef(c.claim, ctx.dataset), dataV: resolveRef(c.data, ctx.dataset) }));
    const which = pick(claim, rows, ctx);
    const shown = which === 'summary' ? rows.slice(0, SUMMARY_CLAIMS) : which === 'all' ? rows : [which];
    const mark = (r: Row) => t(`factcheck:verdict.${r.verdict}`);
    const lines: string[] = [];
    if (typeof which === 'object') {
      const r = which;
      lines.push(t('commands:factcheck.one.title', { n: r.n, mark: mark(r), label: label(r, fmt), verdict: t(`factcheck:verdictWord.${r.verdict}`) }));
      lines.push(t('commands:factcheck.one.claim', { claim: said(r, fmt), source: r.claimV.source, grade: t(`grade.${r.claimV.grade}`) }));
      lines.push(
        r.verdict === 'unmeasured'
          ? t('commands:factcheck.one.unmeasured', { source: r.dataV.source })
          : t('commands:factcheck.one.data', { data: found(r, fmt), date: fmt.date(r.dataV.asOf), source: r.dataV.source, grade: t(`grade.${r.dataV.grade}`) }),
      );
    } else {
      lines.push(which === 'all' ? t('commands:factcheck.headlineAll', { total: rows.length }) : t('commands:factcheck.headline', { count: shown.length, total: rows.length }));
      for (const r of shown) {
        const vars = { n: r.n, mark: mark(r), label: label(r, fmt), claim: said(r, fmt), data: found(r, fmt), date: fmt.date(r.dataV.asOf) };
        lines.push(which === 'all' ? t('commands:factcheck.lineShort', vars) : t('commands:factcheck.line', vars));
      }
      // Explain every mark used, in the order they first appear (one mark may stand for two verdicts).
      const words = new Map<string, string[]>();
      for (const r of shown) {
        const list = words.get(mark(r)) ?? [];
        const word = t(`factcheck:verdictWord.${r.verdict}`);
        if (!list.includes(word)) list.push(word);
        words.set(mark(r), list);
      }
      lines.push([...words].map(([m, w]) => t('commands:factcheck.key', { mark: m, word: w.join('/') })).join(t('commands:factcheck.keySep')));
      lines.push(which === 'all' ? t('commands:factcheck.oneHint', { n: rows.length > 1 ? 2 : 1 }) : t('commands:factcheck.more', { total: rows.length, n: Math.min(rows.length, shown.length + 1) }));
    }
    const d = dated(ctx, ...shown.flatMap((r) => [r.dataV as NumberFigure]));
    return {
      lines,
      asOf: d.asOf,
      stale: d.stale,
      figures: {
        shown: shown.map((r) => r.id),
        claims: rows.map((r) => ({
          n: r.n,
          id: r.id,
          verdict: r.verdict,
          ...(r.qualifier ? { qualifier: r.qualifier } : {}),
          claim: { value: r.claimV.value, unit: r.claimV.unit, asOf: r.claimV.asOf, source: r.claimV.source, grade: r.claimV.grade },
          data: { value: round(r.dataV.value, 6), unit: r.dataV.unit, asOf: r.dataV.asOf, source: r.dataV.source, grade: r.dataV.grade, measured: r.verdict !== 'unmeasured' },
        })),
      },
      chart: {
        kind: 'pairs',
        title: typeof which === 'object' ? t('commands:factcheck.chart.titleOne', { label: label(which, fmt) }) : t('commands:factcheck.chart.title'),
        xType: 'category',
        series: [],
        marks: [],
        panels: shown.map((r) => panel(r, fmt)),
        footnote: [typeof which === 'object' ? which.dataV.source : 'FRED · MOF · TIC · FOMC · BOJ · BIS', dataDateText(fmt, d)].join(' · '),
      },
    };
  },
});
