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
} from 'discord.js';
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

export function commandData(): ChatInputApplicationCommandData[] {
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
        : {
            integrationTypes: [ApplicationIntegrationType.GuildInstall, ApplicationIntegrationType.UserInstall],
            contexts: [InteractionContextType.Guild, InteractionContextType.BotDM, InteractionContextType.PrivateChannel],
          }),
    };
  });
}
