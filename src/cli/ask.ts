/** `carrybot ask "<command line>"`: one answer, for scripts. */
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

export function toJson(o: Outcome): AskResult {
  return {
    command: o.command,
    lang: o.lang,
    preset: o.preset,
    text: o.ok ? o.answer.text : null,
    figures: o.ok ? o.answer.figures : null,
    chart: null,
    error: o.ok ? null : o.error,
  };
}

export async function ask(line: string, dataset: Dataset, override: ChatSettings, stderr: NodeJS.WritableStream, now?: Date): Promise<Outcome> {
  const ctx = await makeContext({ dataset, settings: new MemorySettings(), chatId: 'cli', platform: 'console', override, now });
  return execute(line, ctx, { onUnexpected: (err) => stderr.write(`carrybot: ${(err as Error)?.stack ?? String(err)}\n`) });
}
