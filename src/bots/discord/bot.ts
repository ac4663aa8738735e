/**
 * The Discord adapter: slash commands answered through the shared command layer. Validation runs
 * first (bad input gets an ephemeral error at once); charted answers defer before rendering, so the
 * 3-second deadline holds however long renders queue; one function answers any failure.
 */
import {
  ActionRowBuilder,
  AttachmentBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  escapeMarkdown,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  PermissionFlagsBits,
  type AutocompleteInteraction,
  type ButtonInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
} from 'discord.js';
import type { Logger } from 'pino';
import { palettes } from '../../charts/theme.js';
import { makeContext } from '../../commands/context.js';
import { exampleLine } from '../../commands/describe.js';
import { readTap } from '../../commands/nudges.js';
import { registry } from '../../commands/registry.js';
import { execute, type Outcome } from '../../commands/run.js';
import type { CommandContext } from '../../commands/types.js';
import type { AdapterDeps } from '../deps.js';
import { LIMIT_DEFAULTS, Limits } from '../limits.js';
import { present } from '../present.js';
import { commandData } from './commands.js';

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

const POPULAR_ZONES = ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Tokyo', 'Asia/Singapore', 'Europe/London', 'Europe/Frankfurt', 'America/New_York', 'America/Los_Angeles', 'UTC'];
const ZONES = [...new Set([...POPULAR_ZONES, ...Intl.supportedValuesOf('timeZone'), 'UTC'])];

export function zoneSuggestions(typed: string): string[] {
  const q = typed.trim().toLowerCase();
  if (!q) return POPULAR_ZONES;
  return ZONES.filter((z) => z.toLowerCase().includes(q)).slice(0, 25);
}

/** The command line for an interaction's options, in the command layer's name:value form. */
export function lineOf(commandName: string, options: ReadonlyArray<{ name: string; value?: unknown }>): string {
  const parts = options.map((o) => `${o.name}:${String(o.value ?? '').replace(/\s+/g, '')}`);
  return [`/${commandName}`, ...parts].join(' ');
}

/** The nudge row under a what-if answer. */
export function componentsFor(outcome: Outcome): Array<ActionRowBuilder<ButtonBuilder>> {
  const buttons = outcome.ok ? outcome.answer.buttons : undefined;
  if (!buttons?.length) return [];
  const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
    buttons.map((b, i) =>
      new ButtonBuilder()
        .setCustomId(b.payload)
        .setLabel(b.label.slice(0, 80))
        .setStyle(i === buttons.length - 1 ? ButtonStyle.Primary : ButtonStyle.Secondary),
    ),
  );
  return [row];
}

export function embedFor(outcome: Extract<Outcome, { ok: true }>, cctx: CommandContext, image: string | null): EmbedBuilder {
  const { text, footer } = outcome.answer;
  const body = footer ? text.slice(0, text.length - footer.length).trimEnd() : text;
  const [title = '', ...rest] = body.split('\n');
  const embed = new EmbedBuilder()
    .setTitle(title.slice(0, 256))
    .setColor(palettes[cctx.theme].roles.primary as `#${string}`);
  if (rest.length) embed.setDescription(rest.join('\n').slice(0, 4096));
  if (footer) embed.setFooter({ text: footer.slice(0, 2048) });
  if (image) embed.setImage(`attachment://${image}`);
  return embed;
}

export function createDiscordClient(deps: DiscordDeps): Client {
  // No answer of ours may ping anyone, whatever a user managed to get echoed into it.
  const shards = deps.sharding === undefined ? {} : deps.sharding === 'auto' ? { shards: 'auto' as const } : { shards: deps.sharding.ids, shardCount: deps.sharding.total };
  const client = new Client({ intents: [GatewayIntentBits.Guilds], allowedMentions: { parse: [] }, ...shards, ...(deps.apiBase ? { rest: { api: deps.apiBase } } : {}) });
  const log = deps.logger.child({ platform: 'discord' });
  const now = deps.now ?? (() => new Date());

  const limits = deps.limits ?? new Limits(LIMIT_DEFAULTS.user);
  const chatLimits = deps.chatLimits ?? new Limits(LIMIT_DEFAULTS.chat);
  const contextInput = (i: Interaction) => ({
    dataset: deps.dataset,
    settings: deps.settings,
    ...(deps.subscriptions ? { subscriptions: deps.subscriptions } : {}),
    chatId: channelKey(i.channelId),
    platform: 'discord' as const,
    platformLocale: i.locale ?? i.guildLocale,
    now: now(),
  });
  const contextFor = (i: Interaction) => makeContext(contextInput(i));

  /** Any failure, whatever state the interaction is in: edit, follow up, or reply — never throws. */
  async function fail(i: ChatInputCommandInteraction, text: string): Promise<void> {
    const message = escapeMarkdown(text);
    try {
      if (i.deferred) await i.editReply({ content: message, embeds: [], files: [] });
      else if (i.replied) await i.followUp({ content: message, flags: MessageFlags.Ephemeral });
      else await i.reply({ content: message, flags: MessageFlags.Ephemeral });
    } catch (err) {
      log.warn({ err, interaction: i.id }, 'could not report a failure');
    }
  }

  /** Over the limit: an ephemeral "slow down" (Discord needs some answer to every interaction). */
  async function limited(i: ChatInputCommandInteraction | ButtonInteraction, cctx: CommandContext): Promise<boolean> {
    if (limits.take(`dc:u${i.user.id}`) === 'ok' && (!i.inGuild() || chatLimits.take(`dc:c${i.channelId}`) === 'ok')) return false;
    await i.reply({ content: cctx.fmt.t('nudge.slowDown'), flags: MessageFlags.Ephemeral }).catch(() => undefined);
    return true;
  }

  /** Renders an outcome into the embed, the chart file and the nudge row. */
  async function payloadFor(outcome: Extract<Outcome, { ok: true }>, cctx: CommandContext) {
    const shown = await present(outcome, deps.renderer, cctx.theme, (err) => log.error({ err }, 'chart render failed'));
    const name = `${outcome.command}.png`;
    const embed = embedFor(shown.chartFailed ? { ...outcome, answer: { ...outcome.answer, text: shown.text } } : outcome, cctx, shown.chart ? name : null);
    return { embeds: [embed], files: shown.chart ? [new AttachmentBuilder(shown.chart.png, { name })] : [], components: componentsFor(outcome) };
  }

  async function onButton(i: ButtonInteraction): Promise<void> {
    const cctx = await contextFor(i);
    const t = cctx.fmt.t;
    const notice = (content: string) => ({ content, flags: MessageFlags.Ephemeral as const });
    try {
      if (await limited(i, cctx)) return;
      const tap = readTap(i.customId, cctx.fmt);
      if (!tap.ok) return void (await i.reply(notice(t('nudge.invalid'))));
      if (tap.bound && !tap.bound.moved) return void (await i.reply(notice(t('nudge.atBound', { edge: t(`nudge.edge.${tap.bound.edge}`), value: tap.bound.value }))));
      const tctx = await makeContext({ ...contextInput(i), override: { preset: tap.preset } });
      const outcome = await execute(tap.line, tctx, { onUnexpected: (err) => log.error({ err }, 'tap failed') });
      if (!outcome.ok) return void (await i.reply(notice(escapeMarkdown(outcome.error.message))));
      await i.deferUpdate();
      await i.editReply({ ...(await payloadFor(outcome, tctx)), attachments: [] });
      if (tap.bound) await i.followUp(notice(t('nudge.bound', { edge: t(`nudge.edge.${tap.bound.edge}`), value: tap.bound.value })));
    } catch (err) {
      log.error({ err, interaction: i.id }, 'tap failed');
      const content = t('errors:internal');
      await (i.deferred || i.replied ? i.followUp(notice(content)) : i.reply(notice(content))).catch(() => undefined);
    }
  }

  async function onCommand(i: ChatInputCommandInteraction): Promise<void> {
    const cctx = await contextFor(i);
    if (await limited(i, cctx)) return;
    try {
      const def = registry.get(i.commandName);
      if (def?.admin && i.inGuild() && !i.memberPermissions?.has(PermissionFlagsBits.ManageGuild)) {
        return fail(i, cctx.fmt.t('errors:adminOnly', { command: def.name, example: exampleLine(def) }));
      }
      const outcome = await execute(lineOf(i.commandName, i.options.data), cctx, { onUnexpected: (err) => log.error({ err, command: i.commandName }, 'command failed') });
      if (!outcome.ok) return fail(i, outcome.error.message);
      if (!outcome.answer.chart) {
        await i.reply({ embeds: [embedFor(outcome, cctx, null)], components: componentsFor(outcome) });
        return;
      }
      await i.deferReply();
      await i.editReply(await payloadFor(outcome, cctx));
    } catch (err) {
      log.error({ err, interaction: i.id, command: i.commandName }, 'interaction failed');
      await fail(i, cctx.fmt.t('errors:internal'));
    }
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    let values: readonly string[] = [];
    if (i.commandName === 'subscribe' && focused.name === 'timezone') values = zoneSuggestions(focused.value);
    if (i.commandName === 'settings' && focused.name === 'value') {
      const key = i.options.getString('key');
      values = key === 'lang' ? ['zh', 'en'] : key === 'preset' ? ['observed', 'article'] : key === 'theme' ? ['dark', 'light'] : zoneSuggestions(focused.value);
    }
    await i.respond(values.slice(0, 25).map((v) => ({ name: v, value: v }))).catch((err) => log.warn({ err }, 'autocomplete failed'));
  }

  client.on(Events.InteractionCreate, (i) => {
    if (i.isChatInputCommand()) void onCommand(i);
    else if (i.isButton()) void onButton(i);
    else if (i.isAutocomplete()) void onAutocomplete(i);
  });
  client.on(Events.Error, (err) => log.error({ err }, 'discord client error'));
  return client;
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
