/**
 * Composition root: `carrybot` (start whatever has credentials, else the console),
 * `carrybot ask "<command line or question>" [--lang en|zh] [--preset observed|article] [--out DIR] [--json]`.
 */
import { parseArgs } from 'node:util';
import { ask, toJson } from './cli/ask.js';
import { UsageError } from './cli/usage.js';
import { ChartRenderer } from './charts/renderer.js';
import { formatter } from './commands/format.js';
import { themes, type ChatSettings } from './commands/types.js';
import { presetNames } from './data/schema.js';
import { langs } from './i18n/index.js';
import { loadConfig } from './config.js';
import { loadDataset } from './data/dataset.js';

// Each verb loads only what it needs: the console never loads discord.js, grammY or BullMQ.
const USAGE = `usage:
  carrybot                      start the bot (an interactive console when no platform token is set)
  carrybot ask "<command or question>" [--lang en|zh] [--preset observed|article] [--theme light|dark] [--out DIR] [--json]
                               [--at DATE|DATETIME]  answer as the bot would have then (data on or before it)
  carrybot data refresh         fetch new observations into DATA_DIR (key-free: FRED graph CSV, US Treasury, MOF, BOJ, BIS)
  carrybot data status          each series' last observation, the source that served it, its age, and whether it is stale
  carrybot worker               a briefing worker on the shared queue (needs REDIS_URL and a platform token)
  carrybot studio [--port N] [--host H]   serve the what-if studio (sliders in a web page) and print its URL`;

/** A flag's value, one of `values` (the lists every part of the product uses). */
function oneOf<T extends string>(flag: string, value: string, values: readonly T[]): T {
  if (!(values as readonly string[]).includes(value)) throw new UsageError(`--${flag} must be ${values.join(' or ')}, not "${value}"`);
  return value as T;
}

function parseOverride(values: { lang?: string; preset?: string; theme?: string }, base: ChatSettings): ChatSettings {
  const o: ChatSettings = { ...base };
  if (values.lang !== undefined) o.lang = oneOf('lang', values.lang, langs);
  if (values.preset !== undefined) o.preset = oneOf('preset', values.preset, presetNames);
  if (values.theme !== undefined) o.theme = oneOf('theme', values.theme, themes);
  return o;
}

export interface Io {
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  env: NodeJS.ProcessEnv;
}

const processIo = (): Io => ({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });

/** Returns the exit code (also set on process.exitCode when running as the process). */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const code = await run(argv, io);
  if (io.stdout === process.stdout) process.exitCode = code;
  return code;
}

async function run(argv: string[], io: Io): Promise<number> {
  try {
    const config = loadConfig(io.env);
    const base: ChatSettings = { lang: config.CARRYBOT_LANG, preset: config.CARRYBOT_PRESET };
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        lang: { type: 'string' },
        preset: { type: 'string' },
        theme: { type: 'string' },
        out: { type: 'string', default: './out' },
        json: { type: 'boolean', default: false },
        at: { type: 'string' },
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
    if (values.help) {
      io.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const override = Object.fromEntries(Object.entries(parseOverride(values, base)).filter(([, v]) => v !== undefined)) as ChatSettings;
    const dataset = loadDataset(undefined, { overlayDir: config.DATA_DIR });
    const renderer = new ChartRenderer(config.CHART_THREADS !== undefined ? { threads: config.CHART_THREADS } : {});
    const [verb, ...rest] = positionals;
    const now = config.CARRYBOT_NOW ? new Date(config.CARRYBOT_NOW) : new Date();
    if (verb === 'data') return await (await import('./cli/data.js')).dataCommand(rest[0], config, dataset, override.lang ?? 'en', io, now);
    if (verb === 'studio') return await (await import('./cli/studio.js')).studioCommand(config, dataset, { port: values.port, host: values.host }, io);
    if (verb === 'worker') return await (await import('./cli/worker.js')).workerCommand(config, dataset, renderer);
    if (verb === 'ask') {
      if (rest.length === 0) throw new UsageError('ask needs a command line, e.g. carrybot ask "/carry 1.5"');
      const { outcome, shown, chartPath, parsed, candidates } = await ask(rest.join(' '), {
        dataset, override, renderer, outDir: values.out, stderr: io.stderr, now, langFlag: values.lang !== undefined, ...(values.at !== undefined ? { at: values.at } : {}),
      }).finally(() => renderer.close());
      // Offline, answers come from shipped data marked stale: one line says how to refresh (stderr under --json).
      const hint = outcome.ok && outcome.answer.figures.dataStale === true ? formatter(outcome.lang).t('data.staleHint', { date: formatter(outcome.lang).date(String(outcome.answer.figures.dataAsOf)) }) : null;
      if (values.json) {
        io.stdout.write(`${JSON.stringify(toJson(outcome, shown, chartPath, parsed, candidates))}\n`);
        if (hint) io.stderr.write(`${hint}\n`);
      } else {
        io.stdout.write(`${shown.text}\n`);
        if (chartPath) io.stdout.write(`${formatter(outcome.lang).t('chart.saved', { path: chartPath })}\n`);
        if (hint) io.stdout.write(`${hint}\n`);
      }
      return !outcome.ok && outcome.error.code === 'internal' ? 1 : 0;
    }
    if (verb !== undefined) throw new UsageError(`unknown command "${verb}"`);
    return await (await import('./cli/serve.js')).serve(config, { dataset, renderer, override, outDir: values.out }, io);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.stderr.write(`carrybot: ${(err as Error).message}\n${USAGE}\n`);
      return 2;
    }
    io.stderr.write(`carrybot: ${(err as Error).message}\n`);
    return 1;
  }
}

