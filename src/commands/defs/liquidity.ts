import { fedLiquidity, reservoirRatio } from '../../model/fed.js';
import { numberArg } from '../args.js';
import type { CommandDef } from '../types.js';
import { carryFor, fedParamsFor, footnote, dated, monthsSinceQtEnd, round } from './shared.js';

export const liquidity: CommandDef = {
  name: 'liquidity',
  args: [
    numberArg({ name: 'cut_bp', unit: 'bp', min: 0, max: 300, example: '25', default: (ctx) => ctx.preset.params.defaultCutBp }),
    numberArg({ name: 'months', unit: 'months', min: 0, max: 60, example: '12', default: (ctx) => monthsSinceQtEnd(ctx.preset) }),
    numberArg({ name: 'spread', unit: 'pp', min: 0, max: 6, example: '1.5', default: (ctx) => ctx.preset.params.scenarioSpreadPp }),
  ],
  examples: ['25', '50 12', '25 6 1.25'],
  charted: true,
  nudges: [{ arg: 'cut_bp', delta: -25 }, { arg: 'cut_bp', delta: 25 }, { arg: 'months', delta: 6 }],
  run(args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const cutBp = args.cut_bp as number;
    const months = args.months as number;
    const spreadPp = args.spread as number;
    const fed = fedLiquidity(cutBp, months, fedParamsFor(ctx.preset));
    const repatriated = carryFor(ctx).repatriatedUsd(spreadPp);
    const ratio = reservoirRatio(repatriated, fed.totalUsd);
    const lines = [
      f.cutLiquidityPer25bp.value > 0
        ? t('commands:liquidity.fedWithCut', {
            total: fmt.usd(fed.totalUsd),
            cutAmount: fmt.usd(fed.cutLiquidityUsd),
            cut: fmt.bp(cutBp),
            drain: fmt.usd(fed.drainAvoidedUsd),
            months: fmt.months(months),
          })
        : t('commands:liquidity.fedNoCut', {
            cut: fmt.bp(cutBp),
            drain: fmt.usd(fed.drainAvoidedUsd),
            months: fmt.months(months),
            perMonth: fmt.usd(f.qtRunoffPerMonth.value),
          }),
      ratio === null
        ? t('commands:liquidity.ratioNone', { repatriated: fmt.usd(repatriated), spread: fmt.pp(spreadPp) })
        : t('commands:liquidity.ratio', { repatriated: fmt.usd(repatriated), spread: fmt.pp(spreadPp), ratio: fmt.share(ratio) }),
      f.cutLiquidityPer25bp.grade === 'C'
        ? t('commands:liquidity.claim', { perCut: fmt.usd(f.cutLiquidityPer25bp.value) })
        : t('commands:liquidity.flow', { cut: fmt.bp(cutBp), flow: fmt.usd(fed.interestFlowUsdPerYear), m2: fmt.usd(f.m2.value) }),
    ];
    const { asOf, stale } = dated(ctx, f.qtRunoffPerMonth, f.cutLiquidityPer25bp, f.m2, f.us10y);
    const b = (x: number) => round(x / 1e9, 1);
    return {
      lines,
      asOf,
      stale,
      figures: {
        cutBp,
        months,
        spreadPp,
        cutLiquidityUsd: fed.cutLiquidityUsd,
        drainAvoidedUsd: fed.drainAvoidedUsd,
        fedLiquidityUsd: fed.totalUsd,
        cutAddsReserves: f.cutLiquidityPer25bp.value > 0,
        repatriatedUsd: round(repatriated, 0),
        reservoirRatio: ratio === null ? null : round(ratio, 6),
        interestFlowUsdPerYear: round(fed.interestFlowUsdPerYear, 0),
      },
      chart: {
        kind: 'bar',
        title: t('commands:liquidity.chart.title'),
        xType: 'category',
        yLabel: t('commands:liquidity.chart.y'),
        series: [
          {
            id: 'sources',
            label: t('commands:liquidity.chart.title'),
            style: 'bar',
            role: 'primary',
            points: [
              [t('commands:liquidity.chart.cut'), b(fed.cutLiquidityUsd)],
              [t('commands:liquidity.chart.drain'), b(fed.drainAvoidedUsd)],
              [t('commands:liquidity.chart.fed'), b(fed.totalUsd)],
              [t('commands:liquidity.chart.repatriated'), b(repatriated)],
            ],
            pointLabels: [fmt.usd(fed.cutLiquidityUsd), fmt.usd(fed.drainAvoidedUsd), fmt.usd(fed.totalUsd), fmt.usd(repatriated)],
          },
        ],
        marks: [],
        footnote: footnote(ctx, ['FRED WALCL', 'FRED M2SL', ...(f.cutLiquidityPer25bp.grade === 'C' ? [t('source.commentary')] : [])], asOf),
      },
    };
  },
};
