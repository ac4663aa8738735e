import { fedLiquidity, reservoirRatio } from '../../model/fed.js';
import { monthsBetween } from '../../model/dates.js';
import { numberArg, command } from '../args.js';
import type { CommandContext } from '../types.js';
import { carryFor, currentSpread, fedParamsFor, footnote, dated, round, todayIn } from './shared.js';

/** Whole months from the end of QT to today in the chat's timezone (0 before it ended). */
export function monthsSinceQtEndToday(ctx: CommandContext): number {
  return Math.max(0, monthsBetween(ctx.preset.figures.qtEnd.value, todayIn(ctx)));
}

export const liquidity = command({
  name: 'liquidity',
  args: [
    numberArg({ name: 'cut_bp', unit: 'bp', min: 0, max: 300, example: '25', default: (ctx) => ctx.preset.params.defaultCutBp }),
    numberArg({ name: 'months', unit: 'months', min: 0, max: 60, example: '12', default: monthsSinceQtEndToday }),
    numberArg({ name: 'spread', unit: 'pp', min: 0, max: 6, example: '1.5', default: currentSpread }),
  ],
  examples: ['25', '50 12', '25 6 1.25'],
  charted: true,
  nudges: [{ arg: 'cut_bp', delta: -25 }, { arg: 'cut_bp', delta: 25 }, { arg: 'months', delta: 6 }],
  run(args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const { cut_bp: cutBp, months, spread: spreadPp } = args;
    const s0 = currentSpread(ctx);
    const fed = fedLiquidity(cutBp, months, fedParamsFor(ctx.preset));
    const carry = carryFor(ctx);
    const repatriated = carry.repatriatedUsd(spreadPp);
    const ratio = reservoirRatio(repatriated, fed.totalUsd);
    const cutAddsReserves = f.cutLiquidityPer25bp.value > 0;
    const perMonth = fmt.usd(f.qtRunoffPerMonth.value);

    // The Fed side in parts, so that no part ever states "$0 over 0 months".
    const parts = [
      cutBp === 0
        ? t('commands:liquidity.part.noCut')
        : cutAddsReserves
          ? t('commands:liquidity.part.cutAdds', { cutAmount: fmt.usd(fed.cutLiquidityUsd), cut: fmt.bp(cutBp) })
          : t('commands:liquidity.part.cutAddsNone', { cut: fmt.bp(cutBp) }),
      months > 0
        ? t('commands:liquidity.part.drain', { drain: fmt.usd(fed.drainAvoidedUsd), months: fmt.months(months), perMonth })
        : t('commands:liquidity.part.drainFromNow', { perMonth }),
    ];
    const fedLine =
      fed.totalUsd > 0 && cutAddsReserves && cutBp > 0 && months > 0
        ? t('commands:liquidity.fedTotal', { total: fmt.usd(fed.totalUsd), parts: parts.join(t('commands:liquidity.part.sep')) })
        : t('commands:liquidity.fed', { parts: parts.join(t('commands:liquidity.part.sep')) });

    const refSpread = ctx.preset.params.scenarioSpreadPp;
    const refRepatriated = carry.repatriatedUsd(refSpread);
    let japanLine: string;
    if (repatriated > 0) {
      japanLine =
        ratio === null
          ? t('commands:liquidity.ratioNone', { repatriated: fmt.usd(repatriated), spread: fmt.pp(spreadPp) })
          : t('commands:liquidity.ratio', { repatriated: fmt.usd(repatriated), spread: fmt.pp(spreadPp), ratio: fmt.share(ratio) });
    } else if (refSpread < s0 && refRepatriated > 0) {
      japanLine = t(spreadPp === s0 ? 'commands:liquidity.nothingYetNow' : 'commands:liquidity.nothingYetRef', { spread: fmt.pp(spreadPp), current: fmt.pp(s0), ref: fmt.pp(refSpread), refAmount: fmt.usd(refRepatriated) });
    } else {
      japanLine = t('commands:liquidity.nothingYet', { spread: fmt.pp(spreadPp), current: fmt.pp(s0) });
    }

    const lines = [fedLine, japanLine];
    if (f.cutLiquidityPer25bp.grade === 'C') lines.push(t('commands:liquidity.claim', { perCut: fmt.usd(f.cutLiquidityPer25bp.value) }));
    else if (cutBp > 0) lines.push(t('commands:liquidity.flow', { cut: fmt.bp(cutBp), flow: fmt.usd(fed.interestFlowUsdPerYear), m2: fmt.usd(f.m2.value) }));

    const { asOf, stale } = dated(ctx, f.qtRunoffPerMonth, f.cutLiquidityPer25bp, f.m2, f.us10y);
    const b = (x: number) => round(x / 1e9, 1);
    const barLabel = (x: number, none: string) => (x > 0 ? fmt.usd(x) : none);
    return {
      lines,
      asOf,
      stale,
      figures: {
        cutBp,
        months,
        spreadPp,
        currentSpreadPp: s0,
        cutLiquidityUsd: fed.cutLiquidityUsd,
        drainAvoidedUsd: fed.drainAvoidedUsd,
        fedLiquidityUsd: fed.totalUsd,
        cutAddsReserves,
        repatriatedUsd: round(repatriated, 0),
        reservoirRatio: ratio === null ? null : round(ratio, 6),
        referenceSpreadPp: refSpread,
        referenceRepatriatedUsd: round(refRepatriated, 0),
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
            pointLabels: [
              cutBp === 0 ? t('commands:liquidity.chart.noCut') : barLabel(fed.cutLiquidityUsd, t('commands:liquidity.chart.noReserves')),
              barLabel(fed.drainAvoidedUsd, t('commands:liquidity.chart.noneYet')),
              barLabel(fed.totalUsd, t('commands:liquidity.chart.none')),
              barLabel(repatriated, t('commands:liquidity.chart.noneAt', { spread: fmt.pp(spreadPp) })),
            ],
          },
        ],
        marks: [],
        footnote: footnote(ctx, ['FRED WALCL', 'FRED M2SL', ...(f.cutLiquidityPer25bp.grade === 'C' ? [t('source.commentary')] : [])], { asOf, stale }),
      },
    };
  },
});
