import { policyStance } from '../../model/stance.js';
import { numberArg, command } from '../args.js';
import { capitalize, currentText, footnote, dated, stanceParamsFor, steps } from './shared.js';

export const neutral = command({
  name: 'neutral',
  args: [numberArg({ name: 'rate', unit: 'pct', min: -1, max: 10, example: '0.75', default: (ctx) => ctx.preset.figures.bojRate.value })],
  examples: ['0.75', '1.25', '2%'],
  charted: true,
  nudges: [{ arg: 'rate', delta: -0.25 }, { arg: 'rate', delta: 0.25 }],
  run({ rate }, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const p = stanceParamsFor(ctx.preset);
    const r = policyStance(rate, p);
    const band = fmt.band(fmt.pct(p.neutralLowPct), fmt.pct(p.neutralHighPct));
    const common = { rate: fmt.pct(rate), stance: t(`stance.${r.stance}`), band };
    const lines = [
      r.stance === 'accommodative'
        ? t('commands:neutral.below', { ...common, distance: fmt.pp(r.belowFloorPp) })
        : r.stance === 'restrictive'
          ? t('commands:neutral.above', { ...common, distance: fmt.pp(r.aboveCeilingPp) })
          : t('commands:neutral.inside', common),
      r.hikesToFloor > 0
        ? t('commands:neutral.hikes', { count: r.hikesToFloor, step: fmt.bp(p.stepBp) })
        : t('commands:neutral.noHikes'),
      t('commands:neutral.real', { real: fmt.pct(r.realRatePct), inflation: fmt.pct(p.inflationPct) }),
    ];
    const { asOf, stale } = dated(ctx, f.bojRate, f.neutralLow, f.coreInflation);
    const points = steps(ctx.dataset.series('BOJRATE'), '2015-01-01', asOf);
    return {
      lines,
      asOf,
      stale,
      figures: {
        ratePct: rate,
        stance: r.stance,
        realRatePct: r.realRatePct,
        hikesToFloor: r.hikesToFloor,
        belowFloorPp: r.belowFloorPp,
        aboveCeilingPp: r.aboveCeilingPp,
        neutralLowPct: p.neutralLowPct,
        neutralHighPct: p.neutralHighPct,
        inflationPct: p.inflationPct,
        currentRatePct: f.bojRate.value,
      },
      chart: {
        kind: 'line',
        title: t('commands:neutral.chart.title'),
        xType: 'date',
        xLabel: t('commands:neutral.chart.x'),
        yLabel: t('commands:neutral.chart.y'),
        series: [{ id: 'history', label: t('commands:neutral.chart.history'), style: 'step', role: 'primary', points }],
        marks: [
          { type: 'band', from: p.neutralLowPct, to: p.neutralHighPct, label: t('commands:neutral.chart.band', { band }), role: 'positive' },
          { type: 'point', x: asOf, y: rate, label:
              rate === f.bojRate.value
                ? capitalize(currentText(ctx, fmt.pct(rate), f.bojRate.asOf))
                : t('commands:neutral.chart.scenario', { rate: fmt.pct(rate) }), role: 'accent' },
        ],
        footnote: footnote(ctx, ['BOJ', t('source.neutralBand', { date: fmt.date(f.neutralLow.asOf) })], { asOf, stale }),
      },
    };
  },
});
