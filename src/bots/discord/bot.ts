/**
 * The Discord adapter: slash commands answered through the shared command layer. Validation runs
 * first (bad input gets an ephemeral error at once); charted answers defer before rendering, so the
 * 3-second deadline holds however long renders queue; one function answers any failure.
 */
import {
  Client,
  escapeMarkdown,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type RepliableInteraction,
} from 'discord.js';
import { formatter } from '../../commands/format.js';
import { themes } from '../../commands/types.js';
import { presetNames } from '../../data/schema.js';
import { langFromLocale, langs } from '../../i18n/index.js';
import { AnswerPath, type Asker, type Shown } from '../answer.js';
import type { AdapterDeps } from '../deps.js';
import { ASK, zoneSuggestions } from './commands.js';
import { messageFor, rowOf, type DiscordMessage } from './message.js';
import { listenForWords } from './words.js';

export interface DiscordDeps extends AdapterDeps {
  token: string;
  /** REST base, e.g. http://127.0.0.1:PORT/api; the gateway URL then comes from its /gateway/bot. */
  apiBase?: string;
  /** Register commands to this guild (development) instead of globally. */
  guildId?: string;
  /** Shards this process runs: 'auto' (Discord's recommendation), or ids out of a total. */
  sharding?: 'auto' | { ids: number[]; total: number };
}

export const channelKey = (channelId: string | null): string => `dc:${channelId ?? 'dm'}`;

/** An interaction's options as typed values: numbers reach the command as numbers, never as text. */
export function valuesOf(options: ReadonlyArray<{ name: string; value?: unknown }>): Record<string, string | number> {
  return Object.fromEntries(options.filter((o) => typeof o.value === 'number' || typeof o.value === 'string').map((o) => [o.name, o.value as string | number]));
}

export function createDiscordClient(deps: DiscordDeps): Client {
  // No answer of ours may ping anyone, whatever a user managed to get echoed into it.
  const shards = deps.sharding === undefined ? {} : deps.sharding === 'auto' ? { shards: 'auto' as const } : { shards: deps.sharding.ids, shardCount: deps.sharding.total };
  const client = new Client({ intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages], partials: [Partials.Channel], allowedMentions: { parse: [] }, ...shards, ...(deps.apiBase ? { rest: { api: deps.apiBase } } : {}) });
  const log = deps.logger.child({ platform: 'discord' });
  const path = new AnswerPath({ ...deps, logger: log });

  const askerOf = (i: Interaction): Asker => ({
    platform: 'discord',
    chatId: channelKey(i.channelId),
    userKey: `dc:u${i.user.id}`,
    ...(i.inGuild() ? { groupKey: `dc:c${i.channelId}` } : {}),
    locale: i.locale ?? i.guildLocale,
    isBot: i.user.bot,
    isAdmin: async () => !i.inGuild() || Boolean(i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)),
  });

  /** One line for the asker alone, whatever state the interaction is in. */
  async function privately(i: RepliableInteraction, text: string): Promise<void> {
    const content = escapeMarkdown(text);
    if (i.deferred && !i.replied && i.isChatInputCommand()) await i.editReply({ content, embeds: [], files: [], components: [] });
    else if (i.deferred || i.replied) await i.followUp({ content, flags: MessageFlags.Ephemeral });
    else await i.reply({ content, flags: MessageFlags.Ephemeral });
  }

  /**
   * Shows an answer: a command's reply (deferred first when a chart must render, so Discord's
   * 3-second deadline holds), or a tap's edit in place. If the chart cannot be uploaded (a timeout,
   * a 5xx), the text goes out alone with a note.
   */
  async function show(i: ChatInputCommandInteraction | ButtonInteraction, shown: Shown): Promise<void> {
    if (shown.kind === 'silent') return privately(i, formatter(langFromLocale(i.locale) ?? 'en').t('nudge.slowDown'));
    if (shown.kind === 'notice') return privately(i, shown.text);
    if (shown.kind === 'choices') return void (await i.reply({ content: escapeMarkdown(shown.text), components: rowOf(shown.buttons) }));
    const { outcome, ctx } = shown;
    if (i.isButton() && shown.inPlace) await i.deferUpdate();
    else if (outcome.answer.chart) await i.deferReply();
    const edit = (m: DiscordMessage) => (i.deferred ? i.editReply({ embeds: m.embeds, files: m.files, components: m.components, attachments: [] }) : i.reply({ embeds: m.embeds, components: m.components }));
    try {
      await edit(await messageFor(outcome, ctx.theme, deps.renderer, log, { publicUrl: deps.publicUrl }));
    } catch (err) {
      if (!outcome.answer.chart) throw err;
      log.warn({ err, interaction: i.id }, 'chart could not be sent; sending the text alone');
      await edit(await messageFor(outcome, ctx.theme, deps.renderer, log, { chart: false, note: 'notSent', publicUrl: deps.publicUrl }));
    }
    if (shown.note) await privately(i, shown.note);
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    let values: readonly string[] = [];
    if (i.commandName === 'subscribe' && focused.name === 'timezone') values = zoneSuggestions(focused.value);
    if (i.commandName === 'settings' && focused.name === 'value') {
      const key = i.options.getString('key');
      values = key === 'lang' ? langs : key === 'preset' ? presetNames : key === 'theme' ? themes : zoneSuggestions(focused.value);
    }
    await i.respond(values.slice(0, 25).map((v) => ({ name: v, value: v })));
  }

  /** The one error path: whatever escapes is logged and answered with the localized apology. */
  function guarded(i: Interaction, handle: () => Promise<void>): void {
    void handle()
      .catch(async (err: unknown) => {
        log.error({ err, interaction: i.id }, 'interaction failed');
        if (i.isRepliable()) await privately(i, formatter(langFromLocale(i.locale) ?? 'en').t('errors:internal')).catch((e: unknown) => log.warn({ err: e }, 'could not report a failure'));
      })
      // Tests wait on this signal, not on sleeps: the interaction has been handled to the end.
      .finally(() => deps.onHandled?.(i.id));
  }

  client.on(Events.InteractionCreate, (i) => {
    // `/ask question:` takes words, like a mention does; every other command takes typed options.
    if (i.isChatInputCommand() && i.commandName === ASK) guarded(i, async () => show(i, await path.answer(askerOf(i), { kind: 'text', text: i.options.getString('question') ?? '' })));
    else if (i.isChatInputCommand()) guarded(i, async () => show(i, await path.answer(askerOf(i), { kind: 'options', name: i.commandName, values: valuesOf(i.options.data) })));
    else if (i.isButton()) guarded(i, async () => show(i, await path.answer(askerOf(i), { kind: 'tap', payload: i.customId })));
    else if (i.isAutocomplete()) guarded(i, () => onAutocomplete(i));
  });
  listenForWords(client, path, { ...deps, logger: log });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  return client;
}
