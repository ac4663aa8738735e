/** The console adapter: one line in, the answer's text out (and, once charts render, the file path). */
import { createInterface } from 'node:readline';
import { makeContext } from '../commands/context.js';
import { formatter } from '../commands/format.js';
import { execute, type Outcome } from '../commands/run.js';
import type { ChatSettings, SettingsStore } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';

export interface ConsoleOptions {
  dataset: Dataset;
  settings: SettingsStore;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  override?: ChatSettings;
  onUnexpected?(err: unknown, line: string): void;
}

const CHAT_ID = 'console';
const QUIT = new Set(['/quit', '/exit', 'quit', 'exit']);

export function renderOutcome(o: Outcome): string {
  return o.ok ? o.answer.text : o.error.message;
}

/** Resolves when the input ends or the user quits. */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const context = () => makeContext({ dataset: opts.dataset, settings: opts.settings, chatId: CHAT_ID, platform: 'console', override: opts.override });
  const first = await context();
  const t = formatter(first.lang).t;
  const interactive = Boolean((opts.input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input: opts.input, output: opts.output, terminal: interactive });
  const write = (s: string) => opts.output.write(`${s}\n`);
  write(t('console.welcome', { preset: t(`preset.${first.presetName}`), lang: t('lang.name') }));
  rl.setPrompt(t('console.prompt'));
  if (interactive) rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (QUIT.has(trimmed.toLowerCase())) break;
    if (trimmed !== '') {
      const outcome = await execute(trimmed, await context(), { onUnexpected: opts.onUnexpected });
      write(renderOutcome(outcome));
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
