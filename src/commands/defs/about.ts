import type { NumberFigure } from '../../data/schema.js';
import type { CommandDef } from '../types.js';
import { dated } from './shared.js';

export const about: CommandDef = {
  name: 'about',
  args: [],
  examples: [''],
  charted: false,
  run(_args, ctx) {
    const t = ctx.fmt.t;
    // The same rule as every answer: the newest figure's date, stale if any figure is past its lag.
    const figures = Object.values(ctx.preset.figures).filter((f): f is NumberFigure => typeof f.value === 'number');
    const { asOf, stale } = dated(ctx, ...figures);
    const grades = Object.fromEntries(Object.entries(ctx.preset.figures).map(([k, f]) => [k, { grade: f.grade, source: f.source, asOf: f.asOf }]));
    return {
      lines: [t('commands:about.body'), t('commands:about.presets'), t('commands:about.sources'), t('commands:about.data')],
      asOf,
      stale,
      chart: null,
      figures: { preset: ctx.presetName, sources: grades },
    };
  },
};
