import { scenario as chain } from '../../model/scenario.js';
import { numberArg, command } from '../args.js';
import { DateTime } from 'luxon';
import { dateIn, upcoming } from './calendar.js';
import { carryFor, currentSpread, fedParamsFor, footnote, dated, round } from './shared.js';

export const scenario = command({
  name: 'scenario',
  args: [
    numberArg({ name: 'fed_bp', unit: 'bp', min: -300, max: 300, example: '-25', default: (ctx) => ctx.preset.params.scenarioFedBp }),
    numberArg({ name: 'boj_bp', unit: 'bp', min: -100, max: 300, example: '25', default: (ctx) => ctx.preset.params.scenarioBojBp }),
  ],
  examples: ['-25 25', '-50 50', '-100 0'],
  charted: true,
  nudges: [{ arg: 'fed_bp', delta: -25 }, { arg: 'fed_bp', delta: 25 }, { arg: 'boj_bp', delta: -25 }, { arg: 'boj_bp', delta: 25 }],
  run(args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const p = ctx.preset.params;
    const { fed_bp: fedBp, boj_bp: bojBp } = args;
    const s0 = currentSpread(ctx);
    const r = chain(fedBp, bojBp, carryFor(ctx, s0), { currentSpreadPp: s0, betaUs: p.betaUs, betaJp: p.betaJp, fed: fedParamsFor(ctx.preset) });
    const lines = [
      t('commands:scenario.headline', {
        fed: fmt.signedBp(fedBp),
        boj: fmt.signedBp(bojBp),
        from: fmt.pp(s0),
        to: fmt.pp(r.spreadPp),
        change: fmt.signedPp(round(r.spreadChangePp, 6)),
      }),
    ];
    if (r.unwoundUsd > 0) {
      const flows = { unwound: fmt.usd(r.unwoundUsd), repatriated: fmt.usd(r.repatriatedUsd) };
      lines.push(
        r.reservoirRatio === null
          ? t('commands:scenario.flowsNoFed', flows)
          : t('commands:scenario.flows', { ...flows, ratio: fmt.share(r.reservoirRatio) }),
      );
      lines.push(t('commands:scenario.notesUnwind'));
    } else {
      lines.push(t('commands:scenario.flowsNone', { to: fmt.pp(r.spreadPp) }));
      lines.push(t('commands:scenario.notesCalm'));
    }
    // Today's policy rates, moved at each bank's next meeting after now.
    const [fomc] = upcoming(ctx, 'fomc', 1);
    const [boj] = upcoming(ctx, 'boj', 1);
    const fedTo = { low: round(f.fedFundsLow.value + fedBp / 100, 6), high: round(f.fedFundsHigh.value + fedBp / 100, 6) };
    const bojTo = round(f.bojRate.value + bojBp / 100, 6);
    if (fomc && boj) {
      lines.push(
        t('moves:scenario.rates', {
          fed: fmt.band(fmt.pct(f.fedFundsLow.value), fmt.pct(f.fedFundsHigh.value)),
          fedTo: fmt.band(fmt.pct(fedTo.low), fmt.pct(fedTo.high)),
          fomc: dateIn(ctx, fomc.date),
          boj: fmt.pct(f.bojRate.value),
          bojTo: fmt.pct(bojTo),
          bojDate: dateIn(ctx, boj.date),
        }),
      );
    }
    const today = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).toISODate()!;
    const { asOf, stale } = dated(ctx, f.us10y, f.jp10y, f.carryStock, f.bojRate, f.fedFundsLow);
    const fedEffect = round((p.betaUs * fedBp) / 100, 6);
    const bojEffect = round((-p.betaJp * bojBp) / 100, 6);
    return {
      lines,
      asOf,
      stale,
      figures: {
        fedBp,
        bojBp,
        spreadFromPp: s0,
        spreadPp: round(r.spreadPp, 6),
        spreadChangePp: round(r.spreadChangePp, 6),
        unwoundUsd: round(r.unwoundUsd, 0),
        repatriatedUsd: round(r.repatriatedUsd, 0),
        fedLiquidityUsd: r.fed.totalUsd,
        reservoirRatio: r.reservoirRatio === null ? null : round(r.reservoirRatio, 6),
        betaUs: p.betaUs,
        betaJp: p.betaJp,
        bojRateFromPct: f.bojRate.value,
        bojRateToPct: bojTo,
        fedFundsFromPct: [f.fedFundsLow.value, f.fedFundsHigh.value],
        fedFundsToPct: [fedTo.low, fedTo.high],
        nextFomc: fomc?.date ?? null,
        nextBoj: boj?.date ?? null,
      },
      chart: {
        kind: 'waterfall',
        title: t('commands:scenario.chart.title'),
        xType: 'category',
        yLabel: t('commands:scenario.chart.y'),
        series: [
          {
            id: 'chain',
            label: t('commands:scenario.chart.title'),
            style: 'bar',
            role: 'primary',
            points: [
              [t('moves:scenario.today', { date: fmt.shortDate(today) }), round(s0)],
              [t('commands:scenario.chart.fed'), fedEffect],
              [t('commands:scenario.chart.boj'), bojEffect],
              [t('commands:scenario.chart.end'), round(r.spreadPp)],
            ],
            pointLabels: [
              fmt.pp(s0),
              fmt.signedPp(fedEffect),
              fmt.signedPp(bojEffect),
              t('commands:scenario.chart.endLabel', { spread: fmt.pp(r.spreadPp), unwound: fmt.usd(r.unwoundUsd) }),
            ],
          },
        ],
        marks: [],
        footnote: footnote(ctx, ['FRED DGS10', t('source.press'), t('source.anchor')], { asOf, stale }),
      },
    };
  },
});
