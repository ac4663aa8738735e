import type { CommandDef } from '../types.js';
import { dated } from './shared.js';

export const about: CommandDef = {
  name: 'about',
  args: [],
  examples: [''],
  charted: false,
  run(_args, ctx) {
    const t = ctx.fmt.t;
    const figures = Object.values(ctx.preset.figures);
    // Figures that follow a series carry its staleness limit: the one rule decides (data/stale.ts).
    const { asOf, stale } = dated(ctx, ...figures.map((f) => ('staleAfterDays' in f ? f : f.asOf)));
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
