/** `carrybot ask "<command line>"`: one answer, for scripts. */
import { saveChart } from '../bots/files.js';
import { present, type Presented } from '../bots/present.js';
import type { ChartRenderer } from '../charts/renderer.js';
import { makeContext, MemorySettings } from '../commands/context.js';
import { execute, type Outcome } from '../commands/run.js';
import type { ChatSettings } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';

export interface AskResult {
  command: string | null;
  lang: string;
  preset: string;
  text: string | null;
  figures: Record<string, unknown> | null;
  chart: { path: string; width: number; height: number } | null;
  error: { code: string; message: string } | null;
}

export function toJson(o: Outcome, shown: Presented, chartPath: string | null): AskResult {
  return {
    command: o.command,
    lang: o.lang,
    preset: o.preset,
    text: o.ok ? shown.text : null,
    figures: o.ok ? o.answer.figures : null,
    chart: shown.chart && chartPath ? { path: chartPath, width: shown.chart.width, height: shown.chart.height } : null,
    error: o.ok ? null : o.error,
  };
}

export interface Asked {
  outcome: Outcome;
  shown: Presented;
  chartPath: string | null;
}

/** Answers one command line; a chart is rendered in the chosen theme and written under outDir. */
export async function ask(line: string, o: { dataset: Dataset; override: ChatSettings; renderer: ChartRenderer; outDir: string; stderr: NodeJS.WritableStream; now?: Date }): Promise<Asked> {
  const report = (err: unknown) => o.stderr.write(`carrybot: ${(err as Error)?.stack ?? String(err)}\n`);
  const ctx = await makeContext({ dataset: o.dataset, settings: new MemorySettings(), chatId: 'cli', platform: 'console', override: o.override, now: o.now });
  const outcome = await execute(line, ctx, { onUnexpected: report });
  const shown = await present(outcome, o.renderer, ctx.theme, report);
  const chartPath = shown.chart && outcome.command ? await saveChart(o.outDir, outcome.command, shown.chart) : null;
  return { outcome, shown, chartPath };
}
