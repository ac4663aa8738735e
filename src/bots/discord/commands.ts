/**
 * Slash-command definitions generated from the registry: ASCII names, English descriptions with
 * zh-CN localizations, typed options with ranges and choices. Never written by hand.
 */
import {
  ApplicationCommandOptionType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type ApplicationCommandOptionData,
  type ChatInputApplicationCommandData,
  type Client,
} from 'discord.js';
import type { Logger } from 'pino';
import { argLabelKey } from '../../commands/describe.js';
import { formatter } from '../../commands/format.js';
import { registry } from '../../commands/registry.js';
import type { ArgSpec, CommandDef } from '../../commands/types.js';

const en = () => formatter('en').t;
const zh = () => formatter('zh').t;
const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 99)}…` : s);

/** Text arguments that take an IANA zone get autocomplete. */
export const AUTOCOMPLETE = new Set(['settings.value', 'subscribe.timezone']);

function option(def: CommandDef, arg: ArgSpec): ApplicationCommandOptionData {
  const key = argLabelKey(def.name, arg.name, 'description');
  const base = {
    name: arg.name,
    description: clip(en()(key)),
    descriptionLocalizations: { 'zh-CN': clip(zh()(key)) },
    required: false,
  };
  if (arg.kind === 'number') {
    return {
      ...base,
      type: arg.integer ? ApplicationCommandOptionType.Integer : ApplicationCommandOptionType.Number,
      minValue: arg.min,
      maxValue: arg.max,
    };
  }
  if (arg.kind === 'choice') {
    return { ...base, type: ApplicationCommandOptionType.String, choices: arg.values.map((v) => ({ name: v, value: v })) };
  }
  return { ...base, type: ApplicationCommandOptionType.String, maxLength: 64, autocomplete: AUTOCOMPLETE.has(`${def.name}.${arg.name}`) };
}

/** The one command that takes words rather than typed options: `/ask question:…`. */
export const ASK = 'ask';

/** Everywhere a what-if works: installed to servers and users; servers, the bot's DMs, private channels. */
const EVERYWHERE = {
  integrationTypes: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
  contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
};

function askCommand(): ChatInputApplicationCommandData {
  return {
    name: ASK,
    description: clip(en()('ask:command')),
    descriptionLocalizations: { 'zh-CN': clip(zh()('ask:command')) },
    options: [
      {
        type: ApplicationCommandOptionType.String,
        name: 'question',
        description: clip(en()('ask:question')),
        descriptionLocalizations: { 'zh-CN': clip(zh()('ask:question')) },
        required: true,
        maxLength: 300,
      },
    ],
    ...EVERYWHERE,
  };
}

export function commandData(): ChatInputApplicationCommandData[] {
  return [...registryCommands(), askCommand()];
}

function registryCommands(): ChatInputApplicationCommandData[] {
  return [...registry.values()].map((def) => {
    const key = `commands:${def.name}.description` as 'commands:carry.description';
    return {
      name: def.name,
      description: clip(en()(key)),
      descriptionLocalizations: { 'zh-CN': clip(zh()(key)) },
      options: def.args.map((a) => option(def, a)),
      // Installable to a server and to a user, usable in servers, the bot's DMs and private channels;
      // a command that changes a channel's state is for servers, where admins can be told apart.
      ...(def.admin
        ? { defaultMemberPermissions: PermissionFlagsBits.ManageGuild, integrationTypes: [ApplicationIntegrationType.GuildInstall], contexts: [InteractionContextType.Guild] }
        : EVERYWHERE),
    };
  });
}

const POPULAR_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Frankfurt', 'America/New_York', 'America/Los_Angeles', 'UTC'];
const ZONES = [...new Set([...POPULAR_ZONES, ...Intl.supportedValuesOf('timeZone'), 'UTC'])];

export function zoneSuggestions(typed: string): string[] {
  const q = typed.trim().toLowerCase();
  if (!q) return POPULAR_ZONES;
  return ZONES.filter((z) => z.toLowerCase().includes(q)).slice(0, 25);
}

/** One bulk overwrite of the commands, skipped when Discord already has exactly these. */
export async function registerCommands(client: Client<true>, guildId: string | undefined, log: Logger): Promise<'unchanged' | 'updated'> {
  const data = commandData();
  const existing = await client.application.commands.fetch(guildId ? { guildId } : {});
  const same = existing.size === data.length && data.every((d) => existing.find((c) => c.name === d.name)?.equals(d, true));
  if (same) {
    log.info({ scope: guildId ? 'guild' : 'global' }, 'discord: commands unchanged');
    return 'unchanged';
  }
  await (guildId ? client.application.commands.set(data, guildId) : client.application.commands.set(data));
  log.info({ scope: guildId ? 'guild' : 'global', count: data.length }, 'discord: commands registered');
  return 'updated';
}
