import { DateTime } from 'luxon';
import { addMonths } from '../../model/dates.js';
import { lastChange } from '../../model/decisions.js';
import { ratePath } from '../../model/path.js';
import { numberArg, command } from '../args.js';
import { dateIn, upcoming } from './calendar.js';
import { footnote, dated } from './shared.js';

export const path = command({
  name: 'path',
  args: [
    numberArg({ name: 'step_bp', unit: 'bp', min: 5, max: 100, example: '25', default: (ctx) => ctx.preset.params.hikeStepBp }),
    numberArg({ name: 'every_months', unit: 'months', min: 1, max: 24, example: '6', default: (ctx) => ctx.preset.params.hikeEveryMonths }),
    numberArg({
      name: 'target',
      unit: 'pct',
      min: -1,
      max: 5,
      example: '1.75',
      default: (ctx) => (ctx.preset.figures.neutralLow.value + ctx.preset.figures.neutralHigh.value) / 2,
    }),
  ],
  examples: ['25 6 1.75', '25 3 1', '50 6 2.5'],
  charted: true,
  nudges: [{ arg: 'target', delta: -0.25 }, { arg: 'target', delta: 0.25 }, { arg: 'every_months', delta: -1 }, { arg: 'every_months', delta: 1 }],
  run(args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const f = ctx.preset.figures;
    const { step_bp: stepBp, every_months: every, target } = args;
    // The path starts today, from the latest observed rate: the first move is due one spacing
    // after the last actual move, or today if that is past, at the first meeting after now.
    const from = f.bojRate.value;
    const startDate = DateTime.fromJSDate(ctx.now).setZone(ctx.timezone).toISODate()!;
    const policy = ctx.dataset.calendar.boj.policyRate;
    const observedMove = ctx.presetName === 'observed' && policy && ctx.dataset.seriesInfo[policy] ? lastChange(ctx.dataset.series(policy))?.date : undefined;
    const lastMove = observedMove ?? f.bojRate.asOf;
    const spaced = addMonths(lastMove, every);
    const firstDue = spaced > startDate ? spaced : startDate;
    const moves = Math.ceil(Math.abs(target - from) / (stepBp / 100) - 1e-9);
    const horizonYear = Number(startDate.slice(0, 4)) + Math.ceil(((moves + 1) * every) / 12) + 2;
    const calendar = upcoming(ctx, 'boj', Number.POSITIVE_INFINITY, horizonYear);
    const result = ratePath({ startRatePct: from, startDate, stepBp, everyMonths: every, targetPct: target, meetings: calendar, firstDue });
    const steps = result.steps;
    const low = f.neutralLow.value;
    const band = fmt.band(fmt.pct(low), fmt.pct(f.neutralHigh.value));
    const lines: string[] = [];
    const first = steps[0];
    const final = steps.at(-1);
    if (!first || !final) {
      lines.push(t('commands:path.already', { target: fmt.pct(target) }));
    } else {
      lines.push(
        t('commands:path.headline', {
          count: steps.length,
          step: fmt.bp(stepBp),
          every: fmt.months(every),
          from: fmt.pct(from),
          target: fmt.pct(target),
          date: fmt.date(final.date),
        }),
      );
      lines.push(t('moves:path.from', { rate: fmt.pct(from), date: fmt.date(f.bojRate.asOf), next: dateIn(ctx, calendar[0]?.date ?? first.date) }));
      const floorStep = steps.find((s) => s.ratePct >= low);
      if (target < from) lines.push(t('commands:path.cutting', { first: fmt.date(first.date) }));
      else if (from >= low) lines.push(t('commands:path.floorAlready', { first: fmt.date(first.date), low: fmt.pct(low) }));
      else if (floorStep) lines.push(t('commands:path.floor', { first: fmt.date(first.date), low: fmt.pct(low), floorDate: fmt.date(floorStep.date) }));
      const unconfirmed = steps.filter((s) => !s.confirmed).length;
      lines.push(unconfirmed > 0 ? t('commands:path.snapped', { count: unconfirmed }) : t('commands:path.allConfirmed'));
    }
    const { asOf, stale } = dated(ctx, f.bojRate, f.neutralLow);
    return {
      lines,
      asOf,
      stale,
      figures: {
        stepBp,
        everyMonths: every,
        targetPct: target,
        fromPct: from,
        fromDate: startDate,
        rateAsOf: f.bojRate.asOf,
        lastMoveDate: lastMove,
        nextMeeting: calendar[0]?.date ?? null,
        moves: steps.length,
        finalDate: final?.date ?? null,
        floorDate: steps.find((s) => s.ratePct >= low)?.date ?? null,
        steps: steps.map((s) => ({ date: s.date, ratePct: s.ratePct, confirmed: s.confirmed })),
        reachedTarget: result.reachedTarget,
      },
      chart: {
        kind: 'line',
        title: t('commands:path.chart.title', { target: fmt.pct(target) }),
        xType: 'date',
        xLabel: t('commands:path.chart.x'),
        yLabel: t('commands:path.chart.y'),
        series: [
          {
            id: 'path',
            label: t('commands:path.chart.path'),
            style: 'step',
            role: 'primary',
            points: [[startDate, from], ...steps.map((s) => [s.date, s.ratePct] as [string, number])],
            pointLabels: [fmt.pct(from), ...steps.map((s) => fmt.pct(s.ratePct) + (s.confirmed ? '' : '*'))],
          },
        ],
        marks: [
          { type: 'band', from: low, to: f.neutralHigh.value, label: t('commands:path.chart.band', { band }), role: 'positive' },
          { type: 'vline', x: startDate, label: t('moves:path.today'), role: 'accent' },
          ...steps.filter((s) => !s.confirmed).slice(0, 1).map((s) => ({ type: 'vline' as const, x: s.date, label: `* ${t('commands:path.chart.unconfirmed')}`, role: 'muted' as const })),
        ],
        footnote: footnote(ctx, [t('source.calendar')], { asOf, stale }),
      },
    };
  },
});
