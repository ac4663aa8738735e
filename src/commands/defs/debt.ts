import { interestCost, type DebtModel } from '../../model/debt.js';
import { clean } from '../../model/stance.js';
import { numberArg } from '../args.js';
import type { CommandDef } from '../types.js';
import { footnote, dated, round } from './shared.js';

export const debt: CommandDef = {
  name: 'debt',
  args: [
    numberArg({ name: 'rate', unit: 'pct', min: -1, max: 10, example: '0.75', default: (ctx) => ctx.preset.figures.bojRate.value }),
    numberArg({ name: 'years', unit: 'years', min: 1, max: 30, example: '10', default: (ctx) => ctx.preset.params.debtHorizonYears }),
  ],
  examples: ['0.75', '1.5 10', '2 5'],
  charted: true,
  nudges: [{ arg: 'rate', delta: -0.25 }, { arg: 'rate', delta: 0.25 }],
  run(args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const p = ctx.preset.params;
    const rate = args.rate as number;
    const years = args.years as number;
    const rise = clean(Math.max(0, rate - p.debtBaselineRatePct));
    const model: DebtModel =
      p.debtModel === 'gradual'
        ? { kind: 'gradual', debtJpy: f.jgbOutstanding.value, speed: p.passThroughSpeed }
        : { kind: 'flat', claimJpy: f.interestCostClaim.value, claimRisePp: f.bojRate.value - p.debtBaselineRatePct };
    const rows = interestCost(rise, years, model, f.gdp.value);
    const last = rows.at(-1)!;
    const at = (y: number) => rows[Math.min(y, rows.length) - 1]!;
    const lines: string[] = [];
    if (rise <= 0) {
      lines.push(t('commands:debt.none', { rate: fmt.pct(rate), baseline: fmt.pct(p.debtBaselineRatePct) }));
    } else {
      lines.push(
        t('commands:debt.headline', {
          rate: fmt.pct(rate),
          rise: fmt.pp(rise),
          baseline: fmt.pct(p.debtBaselineRatePct),
          last: fmt.jpy(last.extraCostJpy),
          years,
          pct: fmt.pct(last.pctOfGdp, 2),
        }),
      );
      if (model.kind === 'gradual') {
        lines.push(t('commands:debt.gradual', { y1: fmt.jpy(at(1).extraCostJpy), y3: fmt.jpy(at(3).extraCostJpy) }));
        lines.push(t('commands:debt.claimObserved', { claim: fmt.jpy(f.interestCostClaim.value) }));
      } else {
        lines.push(t('commands:debt.flat', { cost: fmt.jpy(last.extraCostJpy) }));
        lines.push(t('commands:debt.claimArticle', { pct: fmt.pct(last.pctOfGdp, 2), claimPct: fmt.pct(f.interestCostClaimPctGdp.value) }));
      }
    }
    const { asOf, stale } = dated(ctx, f.jgbOutstanding, f.gdp, f.bojRate, f.interestCostClaim);
    return {
      lines,
      asOf,
      stale,
      figures: {
        ratePct: rate,
        risePp: rise,
        years,
        model: model.kind,
        year1CostJpy: round(at(1).extraCostJpy, 0),
        finalCostJpy: round(last.extraCostJpy, 0),
        finalPctOfGdp: round(last.pctOfGdp, 4),
        byYear: rows.map((r) => ({ year: r.year, extraCostJpy: round(r.extraCostJpy, 0), pctOfGdp: round(r.pctOfGdp, 4) })),
      },
      chart: {
        kind: 'line',
        title: t('commands:debt.chart.title'),
        xType: 'number',
        xLabel: t('commands:debt.chart.x'),
        yLabel: t('commands:debt.chart.y'),
        series: [
          {
            id: 'cost',
            label: t('commands:debt.chart.cost'),
            style: 'bar',
            role: 'primary',
            points: rows.map((r) => [r.year, round(r.extraCostJpy / 1e12, 3)]),
            pointLabels: rows.map((r) => t('commands:debt.chart.label', { cost: fmt.jpy(r.extraCostJpy), pct: fmt.pct(r.pctOfGdp, 2) })),
          },
        ],
        marks: [],
        footnote: footnote(ctx, [t('source.mofDebt'), t('source.gdp'), ...(model.kind === 'flat' ? [t('source.commentary')] : [])], asOf),
      },
    };
  },
};
