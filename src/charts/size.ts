import type { ChartSpec } from '../commands/chart.js';

/** Most charts are 16:9 at this size (Telegram and Discord both show it well on a phone). */
export const WIDTH = 1280;
export const HEIGHT = 720;

/** The smallest text on any chart, in px on a 1280-wide canvas: 10 CSS px when shown 390 px wide. */
export const MIN_TEXT = 33;

/** Height of one claim row in the fact-check pairs chart. */
export const PAIR_ROW = 96;
export const HEADER = 104;
export const FOOTER = 64;
const PAIR_LEGEND = 56;

/**
 * The canvas for a spec: 1280×720, except the briefing dashboard (square, so its four panels stay
 * readable on a portrait phone) and a fact-check list long enough to need taller rows.
 */
export function sizeFor(spec: ChartSpec): { width: number; height: number } {
  if (spec.kind === 'dashboard') return { width: WIDTH, height: WIDTH };
  if (spec.kind === 'pairs') {
    const rows = spec.panels?.length ?? 0;
    return { width: WIDTH, height: Math.max(HEIGHT, HEADER + FOOTER + PAIR_LEGEND + rows * PAIR_ROW + 16) };
  }
  return { width: WIDTH, height: HEIGHT };
}
