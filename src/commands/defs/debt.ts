import { interestCost, type DebtModel } from '../../model/debt.js';
import { clean } from '../../model/stance.js';
import { numberArg, command } from '../args.js';
import { footnote, dated, round } from './shared.js';

export const debt = command({
  name: 'debt',
  args: [
    numberArg({ name: 'rate', unit: 'pct', min: -1, max: 10, example: '0.75', default: (ctx) => clean(ctx.preset.figures.bojRate.value + ctx.preset.params.hikeStepBp / 100) }),
    numberArg({ name: 'years', unit: 'years', min: 1, max: 30, example: '10', default: (ctx) => ctx.preset.params.debtHorizonYears }),
  ],
  examples: ['0.75', '1.5 10', '2 5'],
  charted: true,
  nudges: [{ arg: 'rate', delta: -0.25 }, { arg: 'rate', delta: 0.25 }],
  run({ rate, years }, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const p = ctx.preset.params;
    // The baseline is the BOJ's current rate: the cost of moving from here to `rate`.
    const baseline = f.bojRate.value;
    const rise = clean(Math.max(0, rate - baseline));
    // The commentary's ¥8T is for 0.75% measured from zero (debtBaselineRatePct): that is the claim's own rise.
    const claimRisePp = clean(ctx.dataset.presets.article.figures.bojRate.value - p.debtBaselineRatePct);
    const model: DebtModel =
      p.debtModel === 'gradual'
        ? { kind: 'gradual', debtJpy: f.jgbOutstanding.value, speed: p.passThroughSpeed }
        : { kind: 'flat', claimJpy: f.interestCostClaim.value, claimRisePp };
    const rows = interestCost(rise, years, model, f.gdp.value);
    const last = rows.at(-1)!;
    const at = (y: number) => rows[Math.min(y, rows.length) - 1]!;
    const claim = ctx.dataset.presets.article.figures;
    const quoted = {
      claim: t('commands:debt.over', { v: fmt.jpy(claim.interestCostClaim.value) }),
      claimRate: fmt.pct(claimRisePp),
      claimPct: fmt.pct(claim.interestCostClaimPctGdp.value),
    };
    const lines: string[] = [];
    if (rise <= 0) {
      lines.push(t('commands:debt.none', { rate: fmt.pct(rate), baseline: fmt.pct(baseline) }));
    } else {
      lines.push(
        t('commands:debt.headline', {
          rate: fmt.pct(rate),
          rise: fmt.pp(rise),
          baseline: fmt.pct(baseline),
          last: fmt.jpy(last.extraCostJpy),
          years,
          pct: fmt.pct(last.pctOfGdp, 2),
        }),
      );
      if (model.kind === 'gradual') {
        lines.push(years >= 3 ? t('commands:debt.gradual', { y1: fmt.jpy(at(1).extraCostJpy), y3: fmt.jpy(at(3).extraCostJpy) }) : t('commands:debt.gradualShort'));
        lines.push(t('commands:debt.claimObserved', { ...quoted, full: fmt.jpy(f.interestCostClaim.value) }));
      } else {
        lines.push(t('commands:debt.flat', { cost: fmt.jpy(last.extraCostJpy), rise: fmt.pp(rise) }));
        lines.push(t('commands:debt.claimArticle', { ...quoted, gdp: fmt.jpy(f.gdp.value), claimV: fmt.jpy(claim.interestCostClaim.value), derivedPct: fmt.pct((100 * claim.interestCostClaim.value) / f.gdp.value, 2) }));
      }
    }
    const { asOf, stale } = dated(ctx, f.jgbOutstanding, f.gdp, f.bojRate, f.interestCostClaim);
    return {
      lines,
      asOf,
      stale,
      figures: {
        ratePct: rate,
        baselinePct: baseline,
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
        title: t('commands:debt.chart.title', { from: fmt.pct(baseline), to: fmt.pct(rate) }),
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
        footnote: footnote(ctx, [t('source.mofDebt'), t('source.gdp'), ...(model.kind === 'flat' ? [t('source.commentary')] : [])], { asOf, stale }),
      },
    };
  },
});
