/**
 * A chart *spec*: what to draw, in the answer's language, with no pixels in it. The renderer
 * turns it into a PNG; tests compare specs against golden files.
 */
export type Role = 'primary' | 'secondary' | 'accent' | 'muted' | 'positive' | 'negative';

export interface ChartSeries {
  id: string;
  label: string;
  style: 'line' | 'step' | 'bar' | 'area';
  role: Role;
  /** [x, y]: x is a number, an ISO date or a category label, per the chart's xType. */
  points: Array<[number | string, number]>;
  /** Labels printed on bars or points, by index (direct labels instead of a legend). */
  pointLabels?: string[];
}

export type ChartMark =
  | { type: 'point'; x: number | string; y: number; label: string; role: Role }
  | { type: 'hline'; y: number; label: string; role: Role }
  | { type: 'vline'; x: number | string; label: string; role: Role }
  | { type: 'band'; from: number; to: number; label: string; role: Role }
  /** A stretch with no observations (ISO dates), drawn as a shaded gap with its note. */
  | { type: 'gap'; from: string; to: string; label: string; role: Role };

export interface ChartSpec {
  kind: 'line' | 'bar' | 'waterfall' | 'pairs' | 'dashboard';
  title: string;
  xType: 'number' | 'date' | 'category';
  xLabel?: string;
  yLabel?: string;
  series: ChartSeries[];
  marks: ChartMark[];
  /** Source and data date, printed in the image. */
  footnote: string;
  /** Small multiples (the briefing dashboard, the fact-check pairs). */
  panels?: ChartSpec[];
  /** A panel's current value, formatted as in the answer's text. */
  headline?: string;
}
