import { choiceArg, command } from '../args.js';
import { argLabelKey, describeRange, usage } from '../describe.js';
import { commandNames } from '../names.js';
import { registry } from '../registry.js';
import type { Reply } from '../types.js';

export const help = command({
  name: 'help',
  args: [choiceArg({ name: 'command', values: commandNames, example: 'carry' })],
  examples: ['', 'carry'],
  charted: false,
  run(args, ctx): Reply {
    const t = ctx.fmt.t;
    const name = args.command;
    const def = name ? registry.get(name) : undefined;
    if (def) {
      const lines = [
        `${usage(def)}: ${t(`commands:${def.name}.description` as 'commands:carry.description')}`,
        ...def.args.map((a) =>
          t('commands:help.arg', {
            name: a.name,
            description: t(argLabelKey(def.name, a.name, 'description')),
            range: describeRange(a, ctx.fmt),
          }),
        ),
        t('commands:help.examples', { examples: def.examples.map((e) => `/${def.name}${e ? ` ${e}` : ''}`).join('  ') }),
      ];
      return { lines, asOf: null, chart: null, figures: { command: def.name } };
    }
    const lines = [
      t('commands:help.title'),
      ...[...registry.values()].map((d) => t('commands:help.line', { usage: usage(d), description: t(`commands:${d.name}.description` as 'commands:carry.description') })),
      t('commands:help.footer'),
    ];
    return { lines, asOf: null, chart: null, figures: { commands: [...registry.keys()] } };
  },
});
