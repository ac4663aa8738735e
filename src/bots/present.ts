/**
 * What every adapter does with an outcome: the text, plus the chart rendered in the chat's theme.
 * A failed render never loses the answer: the text goes out with a short note instead.
 */
import { RendererBusyError, type ChartRenderer, type RenderedChart } from '../charts/renderer.js';
import { formatter } from '../commands/format.js';
import type { Outcome } from '../commands/run.js';
import type { Theme } from '../commands/types.js';

export interface Presented {
  text: string;
  chart: RenderedChart | null;
  chartFailed: boolean;
}

export async function present(
  outcome: Outcome,
  renderer: ChartRenderer,
  theme: Theme,
  onError?: (err: unknown) => void,
): Promise<Presented> {
  if (!outcome.ok) return { text: outcome.error.message, chart: null, chartFailed: false };
  const { text, chart: spec } = outcome.answer;
  if (!spec) return { text, chart: null, chartFailed: false };
  try {
    return { text, chart: await renderer.render(spec, theme), chartFailed: false };
  } catch (err) {
    // A full render queue is load, not a fault: say "busy", and do not report it as an error.
    const busy = err instanceof RendererBusyError;
    if (!busy) onError?.(err);
    return { text: `${text}\n${formatter(outcome.lang).t(busy ? 'chart.busy' : 'chart.failed')}`, chart: null, chartFailed: true };
  }
}
