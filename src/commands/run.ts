/**
 * The command layer's one entry point: a command line in, an answer or a one-line localized
 * error out. It never throws; unexpected failures become the "internal" error and are reported.
 */
import type { PresetName } from '../data/schema.js';
import type { Lang } from '../i18n/index.js';
import { echo, parseNumber, normalizeToken } from './args.js';
import { argLabelKey, exampleLine, formatArgValue } from './describe.js';
import { UserError } from './errors.js';
import { formatter } from './format.js';
import { buttonsFor } from './nudges.js';
import { registry } from './registry.js';
import type { Answer, ArgSpec, ArgValues, CommandContext, CommandDef } from './types.js';

export interface Invocation {
  name: string;
  tokens: string[];
  /** Values already typed by the platform (Discord options): numbers stay numbers. */
  named?: Readonly<Record<string, string | number>>;
}

export type Outcome =
  | { ok: true; command: string; lang: Lang; preset: PresetName; answer: Answer }
  | { ok: false; command: string | null; lang: Lang; preset: PresetName; error: { code: string; message: string } };

/** "/carry@SomeBot 1.5" → {name: "carry", tokens: ["1.5"]}; a leading slash is optional. */
export function splitLine(line: string): Invocation | null {
  const s = line.normalize('NFKC').trim();
  if (!s) return null;
  const [head = '', ...tokens] = (s.startsWith('/') ? s.slice(1) : s).split(/\s+/);
  return { name: (head.split('@')[0] ?? '').toLowerCase(), tokens: tokens.filter((x) => x !== '') };
}

const NAMED = /^([a-z_][a-z0-9_]*)[:=](.*)$/i;

function parseArg(def: CommandDef, arg: ArgSpec, given: string | number, ctx: CommandContext): number | string {
  const raw = String(given);
  const t = ctx.fmt.t;
  const label = t(argLabelKey(def.name, arg.name, 'label'));
  const example = exampleLine(def);
  if (arg.kind === 'number') {
    const range = { label, min: formatArgValue(arg, arg.min, ctx.fmt), max: formatArgValue(arg, arg.max, ctx.fmt), example };
    const n = typeof given === 'number' ? (Number.isFinite(given) ? given : null) : parseNumber(raw, arg.unit);
    if (n === null) throw new UserError('notNumber', { ...range, value: echo(raw) });
    if (arg.integer && !Number.isInteger(n)) throw new UserError('notWhole', range);
    // An absurd value (1e184 from a typed option) is shown cut short, like any echo.
    if (!arg.schema.safeParse(n).success) throw new UserError('range', { ...range, value: echo(formatArgValue(arg, n, ctx.fmt)) });
    return n;
  }
  if (arg.kind === 'choice') {
    const token = normalizeToken(raw);
    const v = arg.aliases && Object.hasOwn(arg.aliases, token) ? arg.aliases[token]! : token;
    if (!arg.schema.safeParse(v).success) {
      throw new UserError('choice', { label, value: echo(raw), values: arg.values.join(' | '), example: `/${def.name} ${arg.example}` });
    }
    return v;
  }
  const parsed = arg.schema.safeParse(raw);
  if (!parsed.success) throw new UserError('choice', { label, value: echo(raw), values: arg.example, example });
  return parsed.data;
}

/** Positional and name:value tokens → validated values, defaults filled from the preset. */
export function resolveArgs(def: CommandDef, tokens: readonly string[], ctx: CommandContext, typed: Readonly<Record<string, string | number>> = {}): ArgValues {
  const args = { command: def.name, args: def.args.map((a) => a.name).join(', '), example: exampleLine(def) };
  const given = Object.entries(typed);
  if (def.args.length === 0 && tokens.length + given.length > 0) throw new UserError('noArgs', args);
  const named = new Map<string, string | number>();
  for (const [name, value] of given) {
    if (!def.args.some((a) => a.name === name)) throw new UserError('unknownArg', { ...args, value: echo(name) });
    named.set(name, value);
  }
  const positional: string[] = [];
  for (const token of tokens) {
    const m = NAMED.exec(token);
    if (m) {
      const name = m[1]!.toLowerCase();
      if (!def.args.some((a) => a.name === name)) throw new UserError('unknownArg', { ...args, value: echo(m[1]!) });
      named.set(name, m[2]!);
    } else positional.push(token);
  }
  const free = def.args.filter((a) => !named.has(a.name));
  if (positional.length > free.length) throw new UserError('tooMany', args);
  free.forEach((a, i) => {
    const raw = positional[i];
    if (raw !== undefined) named.set(a.name, raw);
  });
  const values: ArgValues = {};
  for (const arg of def.args) {
    const raw = named.get(arg.name);
    if (raw === undefined || raw === '') values[arg.name] = arg.kind === 'number' ? arg.default(ctx) : undefined;
    else values[arg.name] = parseArg(def, arg, raw, ctx);
  }
  return values;
}

export interface RunHooks {
  /** Told about failures that are not the user's (logged by the caller; never shown). */
  onUnexpected?(err: unknown, line: string): void;
}

function failure(ctx: CommandContext, command: string | null, err: unknown, line: string, hooks?: RunHooks): Outcome {
  const t = ctx.fmt.t;
  if (err instanceof UserError) {
    return { ok: false, command, lang: ctx.lang, preset: ctx.presetName, error: { code: err.code, message: ctx.fmt.tidy(t(`errors:${err.code}`, err.params)) } };
  }
  try {
    hooks?.onUnexpected?.(err, line);
  } catch {
    // Reporting must never turn into a second failure.
  }
  return { ok: false, command, lang: ctx.lang, preset: ctx.presetName, error: { code: 'internal', message: t('errors:internal') } };
}

/** Longer input is refused before any parsing: no command needs more. */
export const MAX_LINE = 512;

/** Runs a command line as typed, or an invocation whose values the platform already typed. */
export async function execute(input: string | Invocation, ctx: CommandContext, hooks?: RunHooks): Promise<Outcome> {
  let command: string | null = null;
  const line = typeof input === 'string' ? input : `/${input.name}`;
  try {
    if (typeof input === 'string' && input.length > MAX_LINE) throw new UserError('tooLong', { max: MAX_LINE });
    const inv = typeof input === 'string' ? splitLine(input) : input;
    if (!inv) throw new UserError('empty');
    const def = registry.get(inv.name);
    // Echo the name as it was typed: never a slash the user did not type.
    if (!def) throw new UserError('unknownCommand', { value: echo(typeof input !== 'string' || input.trimStart().startsWith('/') ? `/${inv.name}` : inv.name) });
    command = def.name;
    const values = resolveArgs(def, inv.tokens, ctx, inv.named);
    const reply = await def.run(values, ctx);
    const lang = reply.lang ?? ctx.lang;
    const fmt = lang === ctx.lang ? ctx.fmt : formatter(lang);
    const footer = reply.asOf
      ? fmt.tidy(fmt.t(reply.stale ? 'footerStale' : 'footer', { preset: fmt.t(`preset.${ctx.presetName}`), date: fmt.date(reply.asOf) }))
      : null;
    const lines = footer ? [...reply.lines, footer] : reply.lines;
    const figures = reply.asOf ? { ...reply.figures, preset: ctx.presetName, dataAsOf: reply.asOf, dataStale: reply.stale ?? false } : reply.figures;
    const buttons = buttonsFor(def, values, ctx.presetName, fmt);
    return { ok: true, command, lang, preset: ctx.presetName, answer: { text: fmt.tidy(lines.join('\n')), footer, chart: reply.chart, figures, ...(buttons ? { buttons } : {}) } };
  } catch (err) {
    return failure(ctx, command, err, line, hooks);
  }
}
