/**
 * Nudge buttons. A payload names the command, the preset, every numeric argument's current value
 * and which nudge (or the preset switch) was tapped:
 *
 *   n1|carry|o|1.5|2      → /carry with spread 1.5 in the observed preset, nudge #2 (+0.1pp)
 *
 * It fits Telegram's 64-byte callback_data and Discord's 100-character custom_id, and is never
 * trusted: on a tap it is parsed, range-checked and run through the command layer like typed input.
 */
import type { PresetName } from '../data/schema.js';
import { clean } from '../model/stance.js';
import { parseNumber } from './args.js';
import { argLabelKey, formatArgValue } from './describe.js';
import type { Formatter } from './format.js';
import { registry } from './registry.js';
import type { ArgValues, Button, CommandDef, NumberArg } from './types.js';

const VERSION = 'n1';
const PRESET_CODE: Record<PresetName, string> = { observed: 'o', article: 'a' };
const PRESET_OF: Record<string, PresetName> = { o: 'observed', a: 'article' };
export const PAYLOAD_LIMIT = 64;

const numericArgs = (def: CommandDef) => def.args.filter((a): a is NumberArg => a.kind === 'number');
const compact = (n: number) => String(Number(n.toFixed(6)));

function payload(def: CommandDef, preset: PresetName, values: ArgValues, action: string): string {
  return [VERSION, def.name, PRESET_CODE[preset], ...numericArgs(def).map((a) => compact(values[a.name] as number)), action].join('|');
}

/** The row for an answer: each declared nudge, then the switch to the other preset. */
export function buttonsFor(def: CommandDef, values: ArgValues, preset: PresetName, fmt: Formatter): Button[] | undefined {
  if (!def.nudges?.length) return undefined;
  const several = new Set(def.nudges.map((n) => n.arg)).size > 1;
  const buttons = def.nudges.map((n, i) => {
    const arg = def.args.find((a) => a.name === n.arg) as NumberArg;
    const step = formatArgValue(arg, Math.abs(n.delta), fmt);
    const signed = `${n.delta < 0 ? '−' : '+'}${step}`;
    return { label: several ? `${fmt.t(argLabelKey(def.name, arg.name, 'label'))} ${signed}` : signed, payload: payload(def, preset, values, String(i)) };
  });
  const other: PresetName = preset === 'observed' ? 'article' : 'observed';
  buttons.push({ label: fmt.t(`nudge.toPreset.${other}`), payload: payload(def, preset, values, 'p') });
  return buttons.every((b) => Buffer.byteLength(b.payload) <= PAYLOAD_LIMIT) ? buttons : undefined;
}

export type Tap =
  /** `preset` null: the chat's own (a reading chosen from several). */
  | { ok: true; line: string; preset: PresetName | null; bound: null | { edge: 'low' | 'high'; value: string; moved: boolean } }
  | { ok: false };

const CHOICE = 'a1';
/** What a chosen reading may hold: a registry command and plain arguments, nothing else. */
const CHOICE_LINE = /^[a-z_]+(?: [A-Za-z0-9_.:%+-]+){0,4}$/;

/** A button for one reading of free text ("/carry 1.5"): `a1|carry 1.5`. */
export function choicePayload(line: string): string {
  return `${CHOICE}|${line.replace(/^\//, '')}`;
}

/** A tapped payload → the command line to run, or a refusal for anything forged or stale. */
export function readTap(raw: string, fmt: Formatter): Tap {
  if (typeof raw !== 'string' || raw.length > 100) return { ok: false };
  const parts = raw.split('|');
  if (parts[0] === CHOICE) {
    const line = parts.slice(1).join('|');
    const def = registry.get(line.split(' ')[0]!);
    // Readings offered are what-ifs: a payload naming a command that changes chat state is forged.
    return parts.length === 2 && CHOICE_LINE.test(line) && def && !def.admin ? { ok: true, line: `/${line}`, preset: null, bound: null } : { ok: false };
  }
  const [version, name, presetCode, ...rest] = parts;
  const def = name ? registry.get(name) : undefined;
  const preset = presetCode ? PRESET_OF[presetCode] : undefined;
  if (version !== VERSION || !def?.nudges?.length || !preset) return { ok: false };
  const args = numericArgs(def);
  if (rest.length !== args.length + 1) return { ok: false };
  const action = rest.at(-1)!;
  const values: number[] = [];
  for (const [i, arg] of args.entries()) {
    const n = parseNumber(rest[i]!, arg.unit);
    if (n === null || !arg.schema.safeParse(n).success) return { ok: false };
    values.push(n);
  }
  let nextPreset = preset;
  let bound: Extract<Tap, { ok: true }>['bound'] = null;
  if (action === 'p') nextPreset = preset === 'observed' ? 'article' : 'observed';
  else {
    const nudge = /^\d$/.test(action) ? def.nudges[Number(action)] : undefined;
    if (!nudge) return { ok: false };
    const at = args.findIndex((a) => a.name === nudge.arg);
    const arg = args[at]!;
    const wanted = clean(values[at]! + nudge.delta);
    const clamped = Math.min(arg.max, Math.max(arg.min, wanted));
    if (clamped !== wanted) bound = { edge: wanted < arg.min ? 'low' : 'high', value: formatArgValue(arg, clamped, fmt), moved: clamped !== values[at] };
    values[at] = clamped;
  }
  const line = [`/${def.name}`, ...args.map((a, i) => `${a.name}:${compact(values[i]!)}`)].join(' ');
  return { ok: true, line, preset: nextPreset, bound };
}
