/**
 * Composition root: `carrybot` (start whatever has credentials, else the console),
 * `carrybot ask "<command line>" [--lang en|zh] [--preset observed|article] [--out DIR] [--json]`.
 */
import { parseArgs } from 'node:util';
import { ask, toJson } from './cli/ask.js';
import { renderOutcome, runConsole } from './bots/console.js';
import { MemorySettings } from './commands/context.js';
import { formatter } from './commands/format.js';
import type { ChatSettings } from './commands/types.js';
import { loadConfig } from './config.js';
import { loadDataset } from './data/dataset.js';

const USAGE = `usage:
  carrybot                      start the bot (an interactive console when no platform token is set)
  carrybot ask "<command>" [--lang en|zh] [--preset observed|article] [--out DIR] [--json]`;

class UsageError extends Error {}

function parseOverride(values: { lang?: string; preset?: string }, base: ChatSettings): ChatSettings {
  const o: ChatSettings = { ...base };
  if (values.lang !== undefined) {
    if (values.lang !== 'en' && values.lang !== 'zh') throw new UsageError(`--lang must be en or zh, not "${values.lang}"`);
    o.lang = values.lang;
  }
  if (values.preset !== undefined) {
    if (values.preset !== 'observed' && values.preset !== 'article') throw new UsageError(`--preset must be observed or article, not "${values.preset}"`);
    o.preset = values.preset;
  }
  return o;
}

export async function main(argv: string[]): Promise<void> {
  try {
    const config = loadConfig();
    const base: ChatSettings = { lang: config.CARRYBOT_LANG, preset: config.CARRYBOT_PRESET };
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        preset: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    const override = Object.fromEntries(Object.entries(parseOverride(values, base)).filter(([, v]) => v !== undefined)) as ChatSettings;
    const dataset = loadDataset();
    const [verb, ...rest] = positionals;
    if (verb === 'ask') {
      if (rest.length === 0) throw new UsageError('ask needs a command line, e.g. carrybot ask "/carry 1.5"');
      const outcome = await ask(rest.join(' '), dataset, override);
      process.stdout.write(values.json ? `${JSON.stringify(toJson(outcome))}\n` : `${renderOutcome(outcome)}\n`);
      if (!outcome.ok && outcome.error.code === 'internal') process.exitCode = 1;
      return;
    }
    if (verb !== undefined) throw new UsageError(`unknown command "${verb}"`);
    const t = formatter(override.lang ?? 'en').t;
    for (const [name, platform, set] of [
      ['DISCORD_TOKEN', 'Discord', config.DISCORD_TOKEN],
      ['TELEGRAM_BOT_TOKEN', 'Telegram', config.TELEGRAM_BOT_TOKEN],
    ] as const) {
      if (set) process.stderr.write(`${t('console.noAdapter', { name, platform })}\n`);
    }
    await runConsole({
      dataset,
      settings: new MemorySettings(),
      input: process.stdin,
      output: process.stdout,
      override,
      onUnexpected: (err) => process.stderr.write(`carrybot: ${(err as Error)?.stack ?? String(err)}\n`),
    });
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`carrybot: ${(err as Error).message}\n${USAGE}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`carrybot: ${(err as Error).message}\n`);
    process.exitCode = 1;
  }
}
