/** The one list of commands: it drives parsing, help, Discord options and Telegram command lists. */
import { about } from './defs/about.js';
import { alert, alertsList } from './defs/alerts.js';
import { brief } from './defs/brief.js';
import { carry } from './defs/carry.js';
import { debt } from './defs/debt.js';
import { events } from './defs/events.js';
import { factcheck } from './defs/factcheck.js';
import { help } from './defs/help.js';
import { liquidity } from './defs/liquidity.js';
import { neutral } from './defs/neutral.js';
import { path } from './defs/path.js';
import { scenario } from './defs/scenario.js';
import { settings } from './defs/settings.js';
import { spread } from './defs/spread.js';
import { subscribe, unsubscribe } from './defs/subscriptions.js';
import type { CommandDef } from './types.js';

import { commandNames, type CommandName } from './names.js';

export { commandNames, type CommandName };

const defs: Record<CommandName, CommandDef> = {
  carry, neutral, spread, liquidity, debt, path, scenario, factcheck,
  brief, events, subscribe, unsubscribe, alert, alerts: alertsList, settings, help, about,
};

export const registry: ReadonlyMap<string, CommandDef> = new Map(commandNames.map((n) => [n, defs[n]]));
