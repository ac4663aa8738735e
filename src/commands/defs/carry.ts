import { fedLiquidity, reservoirRatio } from '../../model/fed.js';
import { numberArg, command } from '../args.js';
import type { ChartMark } from '../chart.js';
import { capitalize, carryFor, currentSpread, currentText, fedParamsFor, footnote, dated, monthsSinceQtEnd, round, snapshotDate } from './shared.js';

const STEP_PP = 0.1;

export const carry = command({
  name: 'carry',
  args: [numberArg({ name: 'spread', unit: 'pp', min: 0, max: 6, example: '1.5', default: currentSpread })],
  examples: ['1.5', '1.25', '150bp'],
  charted: true,
  nudges: [{ arg: 'spread', delta: -0.25 }, { arg: 'spread', delta: -0.1 }, { arg: 'spread', delta: 0.1 }, { arg: 'spread', delta: 0.25 }],
  run({ spread }, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const s0 = currentSpread(ctx);
    const curve = carryFor(ctx, s0);
    const unwound = curve.unwoundUsd(spread);
    const repatriated = curve.repatriatedUsd(spread);
    const months = monthsSinceQtEnd(ctx.preset);
    const fed = fedLiquidity(ctx.preset.params.defaultCutBp, months, fedParamsFor(ctx.preset));
    const ratio = reservoirRatio(repatriated, fed.totalUsd);
    const next = Math.max(0, spread - STEP_PP);
    const delta = curve.unwoundUsd(next) - unwound;

    const lines: string[] = [];
    if (unwound > 0) {
      lines.push(
        t('commands:carry.headline', {
          spread: fmt.pp(spread),
          unwound: fmt.usd(unwound),
          repatriated: fmt.usd(repatriated),
          share: fmt.share(curve.fraction(spread)),
          stock: fmt.usd(f.carryStock.value),
        }),
      );
      lines.push(
        ratio === null
          ? t('commands:carry.reservoirNone', { perMonth: fmt.usd(f.qtRunoffPerMonth.value) })
          : t('commands:carry.reservoir', {
              ratio: fmt.share(ratio),
              fed: fmt.usd(fed.totalUsd),
              cut: fmt.bp(ctx.preset.params.defaultCutBp),
              // "About" only when it is about: within a fifth either way.
              compare: t(`commands:carry.compare.${ratio > 1.2 ? 'more' : ratio < 0.8 ? 'less' : 'about'}`),
            }),
      );
    } else {
      lines.push(t('commands:carry.noUnwind', { spread: fmt.pp(spread), current: currentText(ctx, fmt.pp(s0), snapshotDate(ctx.preset)) }));
    }
    lines.push(t('commands:carry.sensitivity', { next: fmt.pp(next), delta: fmt.usd(delta) }));
    if (!curve.anchorApplies) lines.push(t('commands:carry.anchorOff'));
    else if (ctx.presetName === 'observed') lines.push(t('commands:carry.estimate'));

    const top = Math.max(3, Math.ceil((Math.max(s0, spread) + 0.5) * 4) / 4);
    const xs = Array.from({ length: Math.round(top / 0.05) + 1 }, (_, i) => round(i * 0.05, 2));
    const marks: ChartMark[] = [
      { type: 'point', x: round(s0), y: 0, label: capitalize(currentText(ctx, fmt.pp(s0), snapshotDate(ctx.preset))), role: 'muted' },
      {
        type: 'point',
        x: round(spread),
        y: round(unwound / 1e12),
        label: t('commands:carry.chart.scenario', { spread: fmt.pp(spread) }),
        role: 'accent',
      },
    ];
    if (fed.totalUsd > 0) {
      marks.push({ type: 'hline', y: round(fed.totalUsd / 1e12), label: t('commands:carry.chart.fed', { fed: fmt.usd(fed.totalUsd) }), role: 'secondary' });
    }
    const { asOf, stale } = dated(ctx, f.us10y, f.jp10y, f.carryStock, f.anchorUnwound);
    return {
      lines,
      asOf,
      stale,
      figures: {
        spreadPp: spread,
        currentSpreadPp: s0,
        unwoundUsd: round(unwound, 0),
        repatriatedUsd: round(repatriated, 0),
        unwoundShare: round(curve.fraction(spread), 6),
        carryStockUsd: f.carryStock.value,
        repatriationShare: f.repatriationShare.value,
        fedLiquidityUsd: fed.totalUsd,
        reservoirRatio: ratio === null ? null : round(ratio, 6),
        next10bpUnwoundUsd: round(delta, 0),
        thresholdPp: round(curve.midpointPp, 6),
        anchorApplies: curve.anchorApplies,
      },
      chart: {
        kind: 'line',
        title: t('commands:carry.chart.title'),
        xType: 'number',
        xLabel: t('commands:carry.chart.x'),
        yLabel: t('commands:carry.chart.y'),
        series: [
          { id: 'unwound', label: t('commands:carry.chart.unwound'), style: 'area', role: 'primary', points: xs.map((x) => [x, round(curve.unwoundUsd(x) / 1e12)]) },
          { id: 'repatriated', label: t('commands:carry.chart.repatriated'), style: 'line', role: 'secondary', points: xs.map((x) => [x, round(curve.repatriatedUsd(x) / 1e12)]) },
        ],
        marks,
        footnote: footnote(ctx, ['FRED DGS10', t('source.press'), t('source.anchor')], { asOf, stale }),
      },
    };
  },
});
