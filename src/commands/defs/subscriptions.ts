import { textArg } from '../args.js';
import { UserError } from '../errors.js';
import type { CommandDef } from '../types.js';

/** Briefings are delivered to a platform chat; the console has none to deliver to. */
function platformOnly(name: string): CommandDef['run'] {
  return (_args, ctx) => {
    throw new UserError(ctx.platform === 'console' ? 'platformOnly' : 'notYet', { command: name });
  };
}

export const subscribe: CommandDef = {
  name: 'subscribe',
  args: [textArg({ name: 'time', example: '08:00' }), textArg({ name: 'timezone', example: 'Asia/Shanghai' }), textArg({ name: 'days', example: 'weekdays' })],
  examples: ['', '07:30 Asia/Shanghai', '08:00 America/New_York daily'],
  charted: false,
  admin: true,
  run: platformOnly('subscribe'),
};

export const unsubscribe: CommandDef = {
  name: 'unsubscribe',
  args: [],
  examples: [''],
  charted: false,
  admin: true,
  run: platformOnly('unsubscribe'),
};
