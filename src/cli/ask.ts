/** `carrybot ask "<command line or question>"`: one answer, for scripts. */
import { DateTime } from 'luxon';
import { saveChart } from '../bots/files.js';
import { present, type Presented } from '../bots/present.js';
import type { ChartRenderer } from '../charts/renderer.js';
import { makeContext, MemorySettings } from '../commands/context.js';
import type { Outcome } from '../commands/run.js';
import { executeText, questionLang } from '../commands/understand/respond.js';
import type { ChatSettings } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';
import { UsageError } from './usage.js';

export interface AskResult {
  command: string | null;
  lang: string;
  preset: string;
  text: string | null;
  figures: Record<string, unknown> | null;
  chart: { path: string; width: number; height: number } | null;
  error: { code: string; message: string } | null;
  /** The command line the text was understood as (a slash command as typed, normalized), or null. */
  parsed: string | null;
  /** Readings offered when the text had more than one (error code "ambiguous"), else null. */
  candidates: string[] | null;
}

export function toJson(o: Outcome, shown: Presented, chartPath: string | null, parsed: string | null = null, candidates: string[] | null = null): AskResult {
  return {
    command: o.command,
    lang: o.lang,
    preset: o.preset,
    text: o.ok ? shown.text : null,
    figures: o.ok ? o.answer.figures : null,
    chart: shown.chart && chartPath ? { path: chartPath, width: shown.chart.width, height: shown.chart.height } : null,
    error: o.ok ? null : o.error,
    parsed,
    candidates,
  };
}

export interface Asked {
  outcome: Outcome;
  shown: Presented;
  chartPath: string | null;
  parsed: string | null;
  candidates: string[] | null;
}

/**
/**
 * `--at`: an ISO date means the end of that day in the chat's timezone; a date-time without an
 * offset is read in that zone too (2024-08-05, 2024-08-05T09:00, 2024-08-05T09:00+09:00, …Z).
 */
export function resolveAt(raw: string, zone: string): Date {
  const s = raw.trim();
  const dt = /^\d{4}-\d{2}-\d{2}$/.test(s) ? DateTime.fromISO(s, { zone }).endOf('day') : DateTime.fromISO(s, { zone });
  if (!dt.isValid) throw new UsageError(`--at takes an ISO date or date-time (2024-08-05, 2024-08-05T09:00+09:00), not "${raw}"`);
  return dt.toJSDate();
}

/**
 * Answers one command line or free-text question; a chart is rendered in the chosen theme and
 * written under outDir. A question is answered in its own language unless `langFlag` (--lang) says
 * otherwise; the configured default language (CARRYBOT_LANG, in `override`) applies to slash lines.
 * With `at`, it answers as the bot would have then: the context's clock is that moment, so the data,
 * the calendar and the decisions are those on or before it (the same path as a live answer).
 */
export async function ask(
  line: string,
  o: { dataset: Dataset; override: ChatSettings; renderer: ChartRenderer; outDir: string; stderr: NodeJS.WritableStream; now?: Date; at?: string; langFlag?: boolean },
): Promise<Asked> {
  const report = (err: unknown) => o.stderr.write(`carrybot: ${(err as Error)?.stack ?? String(err)}\n`);
  const asked = o.langFlag ? null : questionLang(line);
  const override = asked ? { ...o.override, lang: asked } : o.override;
  const input = { dataset: o.dataset, settings: new MemorySettings(), chatId: 'cli', platform: 'console' as const, override };
  let ctx = await makeContext({ ...input, now: o.now });
  if (o.at !== undefined) ctx = await makeContext({ ...input, now: resolveAt(o.at, ctx.timezone) });
  const { outcome, parsed, candidates } = await executeText(line, ctx, { onUnexpected: report });
  const shown = await present(outcome, o.renderer, ctx.theme, report);
  const chartPath = shown.chart && outcome.command ? await saveChart(o.outDir, outcome.command, shown.chart) : null;
  return { outcome, shown, chartPath, parsed, candidates };
}
