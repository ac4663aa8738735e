/** The console adapter: one line in (a command or a question in your own words), the answer's text out, and the chart's file path. */
import { createInterface } from 'node:readline';
import type { ChartRenderer } from '../charts/renderer.js';
import { makeContext } from '../commands/context.js';
import { formatter } from '../commands/format.js';
import { executeText, questionLang } from '../commands/understand/respond.js';
import type { ChatSettings, SettingsStore } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';
import type { Lang } from '../i18n/index.js';
import { saveChart } from './files.js';
import { present } from './present.js';

export interface ConsoleOptions {
  dataset: Dataset;
  settings: SettingsStore;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  override?: ChatSettings;
  renderer: ChartRenderer;
  /** Where chart PNGs are written. */
  outDir: string;
  onUnexpected?(err: unknown, line: string): void;
  /** Given the function that shows a line between answers (e.g. "data updated"). */
  notices?(show: (line: string) => void): void;
}

const CHAT_ID = 'console';
const QUIT = new Set(['/quit', '/exit', 'quit', 'exit']);

/** Resolves when the input ends or the user quits. */
export async function runConsole(opts: ConsoleOptions): Promise<void> {
  const context = (asked: Lang | null = null) =>
    makeContext({ dataset: opts.dataset, settings: opts.settings, chatId: CHAT_ID, platform: 'console', override: opts.override, platformLocale: asked });
  const first = await context();
  const t = formatter(first.lang).t;
  const interactive = Boolean((opts.input as { isTTY?: boolean }).isTTY);
  const rl = createInterface({ input: opts.input, output: opts.output, terminal: interactive });
  const write = (s: string) => opts.output.write(`${s}\n`);
  write(t('console.welcome', { preset: t(`preset.${first.presetName}`), lang: t('lang.name') }));
  rl.setPrompt(t('console.prompt'));
  opts.notices?.((line) => {
    write(line);
    if (interactive) rl.prompt(true);
  });
  if (interactive) rl.prompt();
  for await (const line of rl) {
    const trimmed = line.trim();
    if (QUIT.has(trimmed.toLowerCase())) break;
    if (trimmed !== '') {
      // A question is answered in its language unless the session has one (flag, CARRYBOT_LANG or /settings lang).
      const ctx = await context(questionLang(trimmed));
      const { outcome } = await executeText(trimmed, ctx, { onUnexpected: opts.onUnexpected });
      const shown = await present(outcome, opts.renderer, ctx.theme, (err) => opts.onUnexpected?.(err, trimmed));
      write(shown.text);
      if (shown.chart && outcome.command) {
        const path = await saveChart(opts.outDir, outcome.command, shown.chart);
        write(formatter(outcome.lang).t('chart.saved', { path }));
      }
    }
    if (interactive) rl.prompt();
  }
  rl.close();
}
