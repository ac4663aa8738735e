/** Usage lines, ranges and label keys, derived from the argument declarations (never written twice). */
import type { Formatter } from './format.js';
import type { ArgSpec, CommandDef, NumberArg } from './types.js';

export function usage(def: CommandDef): string {
  return [`/${def.name}`, ...def.args.map((a) => `[${a.name}]`)].join(' ');
}

export function exampleLine(def: CommandDef): string {
  const first = def.examples.find((e) => e !== '') ?? '';
  return `/${def.name}${first ? ` ${first}` : ''}`;
}

/** A value in the argument's unit: 1.5 → "1.5pp" / "1.5 个百分点". */
export function formatArgValue(arg: NumberArg, n: number, fmt: Formatter): string {
  switch (arg.unit) {
    case 'pp': return fmt.pp(n);
    case 'pct': return fmt.pct(n);
    case 'bp': return fmt.bp(n);
    case 'months': return fmt.months(n);
    case 'years': return fmt.years(n);
  }
}

export function describeRange(arg: ArgSpec, fmt: Formatter): string {
  if (arg.kind === 'number') {
    return fmt.t('list.range', { from: formatArgValue(arg, arg.min, fmt), to: formatArgValue(arg, arg.max, fmt) });
  }
  if (arg.kind === 'choice') return arg.values.join(' | ');
  return arg.example;
}

type ArgKeyPart = 'label' | 'description';
/** The locale key of an argument's label or description (commands:<cmd>.args.<arg>.<part>). */
export function argLabelKey(command: string, arg: string, part: ArgKeyPart): 'commands:carry.args.spread.label' {
  return `commands:${command}.args.${arg}.${part}` as 'commands:carry.args.spread.label';
}
