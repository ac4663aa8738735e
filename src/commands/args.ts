/**
 * Argument declarations (zod schemas plus what help, errors and platform options need) and the
 * forgiving parser that turns "1.5", "1.5%", "150bp", "１.５" or "1,5" into numbers.
 */
import { z } from 'zod';
import type { ArgSpec, ArgsOf, ChoiceArg, CommandContext, CommandDef, NumberArg, NumberUnit, Reply, TextArg } from './types.js';

export function numberArg<const N extends string>(o: {
  name: N;
  unit: NumberUnit;
  min: number;
  max: number;
  example: string;
  integer?: boolean;
  default: (ctx: CommandContext) => number;
}): NumberArg<N> {
  const integer = o.integer ?? (o.unit === 'bp' || o.unit === 'months' || o.unit === 'years');
  let schema = z.number().min(o.min).max(o.max);
  if (integer) schema = schema.int();
  return { kind: 'number', ...o, integer, schema };
}

export function choiceArg<const N extends string, const V extends string>(o: { name: N; values: readonly [V, ...V[]]; example: string; aliases?: Readonly<Record<string, V>> }): ChoiceArg<N, V> {
  return { kind: 'choice', ...o, schema: z.enum(o.values) };
}

export function textArg<const N extends string>(o: { name: N; example: string; max?: number }): TextArg<N> {
  return { kind: 'text', ...o, schema: z.string().min(1).max(o.max ?? 64) };
}

/** NFKC folds full-width digits, ％, ＋ and the ideographic space; the rest are minus signs and stray marks. */
export function normalizeToken(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2212\u2012\u2013\u2014\uFE63]/g, '-')
    .replace(/[\u200B-\u200F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .trim()
    .toLowerCase();
}

const NUMBER = /^([+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+))(%|pp|pct|bps?|个百分点|百分点|个基点|基点|months?|mo|m|个月|月|years?|yrs?|y|年)?$/u;
const PERCENT = new Set(['%', 'pp', 'pct', '个百分点', '百分点']);
const BASIS = new Set(['bp', 'bps', '个基点', '基点']);
const MONTHS = new Set(['month', 'months', 'mo', 'm', '个月', '月']);
const YEARS = new Set(['year', 'years', 'yr', 'yrs', 'y', '年']);

/** A number in the argument's unit, or null when the token is not a number it can read. */
export function parseNumber(raw: string, unit: NumberUnit): number | null {
  const token = normalizeToken(raw);
  const m = NUMBER.exec(token);
  if (!m) return null;
  const value = Number(m[1]!.replace(',', '.'));
  if (!Number.isFinite(value)) return null;
  const suffix = m[2];
  if (!suffix) return value;
  switch (unit) {
    case 'pp':
    case 'pct':
      if (PERCENT.has(suffix)) return value;
      if (BASIS.has(suffix)) return Number((value / 100).toFixed(8));
      return null;
    case 'bp':
      if (BASIS.has(suffix)) return value;
      if (PERCENT.has(suffix)) return Number((value * 100).toFixed(6));
      return null;
    case 'months':
      return MONTHS.has(suffix) ? value : YEARS.has(suffix) ? value * 12 : null;
    case 'years':
      return YEARS.has(suffix) ? value : null;
  }
}

/**
 * What an echo never carries: C0/C1 controls, zero-width and bidi marks and overrides (U+061C,
 * U+200B–U+200F, U+202A–U+202E, U+2066–U+2069), line and paragraph separators (U+2028/2029), the
 * word joiner and invisible operators (U+2060–U+2064), the BOM, tag characters (U+E0000–U+E007F)
 * and lone surrogates.
 */
// eslint-disable-next-line no-control-regex
const UNECHOABLE = /[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]|\p{Cs}/gu;

/** The first `max` characters (code points, never half a surrogate pair). */
export function cutChars(text: string, max: number): string {
  if (text.length <= max) return text;
  const chars = Array.from(text);
  return chars.length <= max ? text : chars.slice(0, max).join('');
}

/** Echoed user text: no control, bidi or invisible characters, and at most `max` characters. */
export function echo(raw: string, max = 24): string {
  const clean = raw.replace(UNECHOABLE, '');
  return Array.from(clean).length > max ? `${cutChars(clean, max - 1)}…` : clean;
}

/**
 * A command whose `run` gets its arguments typed from their declarations: `run({ spread }, ctx)`
 * with `spread: number`, no casts. The runner validates every value before `run` is called.
 */
export function command<const As extends readonly ArgSpec[]>(
  def: Omit<CommandDef, 'args' | 'run'> & { args: As; run(args: ArgsOf<As>, ctx: CommandContext): Promise<Reply> | Reply },
): CommandDef {
  return def as unknown as CommandDef;
}
