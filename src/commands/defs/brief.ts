import { DateTime } from 'luxon';
import { policyStance } from '../../model/stance.js';
import type { ChartSpec } from '../chart.js';
import type { CommandDef } from '../types.js';
import { upcoming } from './calendar.js';
import { currentSpread, footnote, dated, monthly, round, stanceParamsFor, steps } from './shared.js';

export const brief: CommandDef = {
  name: 'brief',
  args: [],
  examples: [''],
  charted: true,
  run(_args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const today = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).toISODate()!;
    const s0 = currentSpread(ctx);
    const stance = policyStance(f.bojRate.value, stanceParamsFor(ctx.preset));
    const [fomc] = upcoming(ctx, 'fomc', 1);
    const [boj] = upcoming(ctx, 'boj', 1);
    const band = (lo: number, hi: number) => fmt.band(fmt.pct(lo), fmt.pct(hi));
    const lines = [
      t('commands:brief.title', { date: fmt.date(today) }),
      t('commands:brief.spread', { spread: fmt.pp(s0), us: fmt.pct(f.us10y.value), jp: fmt.pct(f.jp10y.value), date: fmt.date(f.us10y.asOf) }),
      t('commands:brief.boj', { rate: fmt.pct(f.bojRate.value), band: band(f.neutralLow.value, f.neutralHigh.value), stance: t(`stance.${stance.stance}`) }),
      t('commands:brief.fed', {
        band: band(f.fedFundsLow.value, f.fedFundsHigh.value),
        date: fmt.date(f.fedFundsLow.asOf),
        bs: fmt.usd(f.fedBalanceSheet.value),
        bsDate: fmt.date(f.fedBalanceSheet.asOf),
      }),
      t('commands:brief.m2', { m2: fmt.usd(f.m2.value), date: fmt.date(f.m2.asOf) }),
    ];
    if (fomc && boj) {
      lines.push(
        t('commands:brief.next', {
          fomc: fmt.date(fomc.decision.toISODate()!),
          fomcIn: fmt.days(fomc.daysAway),
          boj: fmt.date(boj.decision.toISODate()!),
          bojIn: fmt.days(boj.daysAway),
          unconfirmed: boj.confirmed ? '' : t('commands:brief.unconfirmed'),
        }),
      );
    }
    const { asOf, stale } = dated(ctx, f.us10y, f.jp10y, f.bojRate, f.fedFundsLow, f.fedBalanceSheet, f.m2);
    const since = `${Number(asOf.slice(0, 4)) - 5}-01-01`;
    const panel = (title: string, headline: string, points: Array<[string, number]>, unit: string, style: 'line' | 'step' = 'line'): ChartSpec => ({
      kind: 'line',
      title,
      headline,
      xType: 'date',
      yLabel: unit,
      series: [{ id: title, label: title, style, role: 'primary', points }],
      marks: [],
      footnote: '',
    });
    const trillions = (pts: Array<[string, number]>, div: number) => pts.map(([d, v]) => [d, round(v / div, 3)] as [string, number]);
    return {
      lines,
      asOf,
      stale,
      figures: {
        date: today,
        spreadPp: s0,
        us10yPct: f.us10y.value,
        jp10yPct: f.jp10y.value,
        bojRatePct: f.bojRate.value,
        stance: stance.stance,
        fedFundsLowPct: f.fedFundsLow.value,
        fedFundsHighPct: f.fedFundsHigh.value,
        fedBalanceSheetUsd: f.fedBalanceSheet.value,
        m2Usd: f.m2.value,
        nextFomc: fomc?.date ?? null,
        nextFomcDays: fomc?.daysAway ?? null,
        nextBoj: boj?.date ?? null,
        nextBojDays: boj?.daysAway ?? null,
        nextBojConfirmed: boj?.confirmed ?? null,
      },
      chart: {
        kind: 'dashboard',
        title: t('commands:brief.chart.title', { date: fmt.date(today) }),
        xType: 'date',
        series: [],
        marks: [],
        panels: [
          panel(t('commands:spread.chart.spread'), fmt.pp(s0), monthly(ctx.dataset.spreadHistory().filter((p) => p.date <= f.us10y.asOf), since), t('commands:spread.chart.y')),
          {
            ...panel(t('commands:neutral.chart.history'), fmt.pct(f.bojRate.value), steps(ctx.dataset.series('BOJRATE'), since, f.bojRate.asOf), t('commands:neutral.chart.y'), 'step'),
            marks: [{ type: 'band', from: f.neutralLow.value, to: f.neutralHigh.value, label: band(f.neutralLow.value, f.neutralHigh.value), role: 'positive' }],
          },
          panel(t('commands:brief.chart.balanceSheet'), fmt.usd(f.fedBalanceSheet.value), trillions(monthly(ctx.dataset.series('WALCL'), since), 1e6), t('commands:brief.chart.usdT')),
          panel(t('commands:brief.chart.m2'), fmt.usd(f.m2.value), trillions(monthly(ctx.dataset.series('M2SL'), since), 1e3), t('commands:brief.chart.usdT')),
        ],
        footnote: footnote(ctx, ['FRED', 'MOF', 'BOJ'], asOf),
      },
    };
  },
};
