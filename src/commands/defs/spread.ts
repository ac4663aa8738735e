import { spreadPosition } from '../../model/spread.js';
import { numberArg, command } from '../args.js';
import { capitalize, currentText, footnote, dated, gapMarks, monthly, round } from './shared.js';

const SINCE = '2015-01-01';

export const spread = command({
  name: 'spread',
  args: [
    numberArg({ name: 'us10y', unit: 'pct', min: -1, max: 20, example: '4.09', default: (ctx) => ctx.preset.figures.us10y.value }),
    numberArg({ name: 'jp10y', unit: 'pct', min: -1, max: 10, example: '1.845', default: (ctx) => ctx.preset.figures.jp10y.value }),
  ],
  examples: ['4.09 1.845', '3.72 1.91', 'jp10y:2.1'],
  charted: true,
  run(args, ctx) {
    const { fmt } = ctx;
    const t = fmt.t;
    const { us10y: us, jp10y: jp } = args;
    const value = round(us - jp, 6);
    const history = ctx.dataset.spreadHistory().filter((p) => p.date >= SINCE);
    const pos = spreadPosition(value, history);
    const lines = [t('commands:spread.headline', { spread: fmt.pp(value), us: fmt.pct(us), jp: fmt.pct(jp) })];
    if (pos) {
      const pct = fmt.share(pos.percentile);
      const range = {
        min: fmt.pp(pos.min.value),
        minDate: fmt.date(pos.min.date),
        max: fmt.pp(pos.max.value),
        maxDate: fmt.date(pos.max.date),
      };
      const last = history.at(-1)!;
      if (pos.lastAtOrBelow === null) lines.push(t('commands:spread.lowestEver', range));
      else if (value > pos.max.value) lines.push(t('commands:spread.highestEver', range));
      else if (pos.lastAtOrBelow.date < last.date && value < last.value) {
        lines.push(t('commands:spread.lowestSince', { date: fmt.date(pos.lastAtOrBelow.date), pct }));
        lines.push(t('commands:spread.range', range));
      } else {
        lines.push(t('commands:spread.within', { pct }));
        lines.push(t('commands:spread.range', range));
      }
    }
    const f = ctx.preset.figures;
    const usSeries = monthly(ctx.dataset.series('DGS10'), SINCE);
    const mof = ctx.dataset.series('JGB10Y');
    const jgb = [...mof, ...ctx.dataset.series('JGB10Y_PRESS').filter((p) => p.date > (mof.at(-1)?.date ?? ''))];
    const { asOf, stale } = dated(ctx, f.us10y, f.jp10y);
    return {
      lines,
      asOf,
      stale,
      figures: {
        us10yPct: us,
        jp10yPct: jp,
        spreadPp: value,
        percentileSince2015: pos ? round(pos.percentile, 4) : null,
        lowestSince: pos?.lastAtOrBelow?.date ?? null,
        minSince2015Pp: pos?.min.value ?? null,
        minSince2015Date: pos?.min.date ?? null,
        maxSince2015Pp: pos?.max.value ?? null,
        maxSince2015Date: pos?.max.date ?? null,
        historyEnds: history.at(-1)?.date ?? null,
      },
      chart: {
        kind: 'line',
        title: t('commands:spread.chart.title'),
        xType: 'date',
        xLabel: t('commands:spread.chart.x'),
        yLabel: t('commands:spread.chart.y'),
        series: [
          { id: 'us10y', label: t('commands:spread.chart.us'), style: 'line', role: 'primary', points: usSeries },
          { id: 'jp10y', label: t('commands:spread.chart.jp'), style: 'line', role: 'secondary', points: monthly(jgb, SINCE) },
          { id: 'spread', label: t('commands:spread.chart.spread'), style: 'area', role: 'accent', points: monthly(history, SINCE) },
        ],
        marks: [...gapMarks(monthly(history, SINCE), fmt, 'chart.gapJgb'), { type: 'point', x: asOf, y: value, label:
            us === f.us10y.value && jp === f.jp10y.value
              ? capitalize(currentText(ctx, fmt.pp(value), f.us10y.asOf))
              : t('commands:spread.chart.scenario', { spread: fmt.pp(value) }), role: 'accent' }],
        footnote: footnote(ctx, ['FRED DGS10', 'MOF JGB', t('source.press')], { asOf, stale }),
      },
    };
  },
});
