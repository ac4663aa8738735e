/** Posts an answer to a Discord channel (morning briefings): an embed with the chart attached. */
import { DiscordAPIError, escapeMarkdown, REST, Routes, type Client } from 'discord.js';
import type { Logger } from 'pino';
import type { ChartRenderer } from '../../charts/renderer.js';
import type { Outcome } from '../../commands/run.js';
import type { CommandContext } from '../../commands/types.js';
import { messageFor } from './message.js';

/** Unknown channel, missing access or permissions: the channel is gone for us. */
export function isUnreachable(err: unknown): boolean {
  return err instanceof DiscordAPIError && [10003, 10004, 50001, 50013].includes(Number(err.code));
}

export class ChannelUnusableError extends Error {
  override name = 'ChannelUnusableError';
}

export class DiscordSender {
  constructor(
    private readonly client: Client,
    private readonly renderer: ChartRenderer,
    private readonly log: Logger,
  ) {}

  async send(channelId: string, outcome: Outcome, cctx: CommandContext): Promise<void> {
    const channel = await this.client.channels.fetch(channelId);
    if (!channel || !channel.isSendable()) throw new ChannelUnusableError(`channel ${channelId} cannot take messages`);
    if (!outcome.ok) {
      await channel.send({ content: escapeMarkdown(outcome.error.message) });
      return;
    }
    const m = await messageFor(outcome, cctx.theme, this.renderer, this.log);
    // Nudge buttons too (an alert carries a what-if): a tap is an interaction like any other.
    await channel.send({ embeds: m.embeds, files: m.files, components: m.components });
  }
}

/**
 * The same post over REST alone, for `carrybot worker` processes: no gateway session, so any number
 * of workers can send Discord briefings without competing with the bot's shards.
 */
export class DiscordRestSender {
  private readonly rest: REST;

  constructor(
    token: string,
    apiBase: string | undefined,
    private readonly renderer: ChartRenderer,
    private readonly log: Logger,
  ) {
    this.rest = new REST(apiBase ? { api: apiBase } : {}).setToken(token);
  }

  async send(channelId: string, outcome: Outcome, cctx: CommandContext): Promise<void> {
    const route = Routes.channelMessages(channelId);
    if (!outcome.ok) {
      await this.rest.post(route, { body: { content: escapeMarkdown(outcome.error.message), allowed_mentions: { parse: [] } } });
      return;
    }
    const { embeds, chart, components } = await messageFor(outcome, cctx.theme, this.renderer, this.log);
    await this.rest.post(route, {
      body: { embeds: embeds.map((e) => e.toJSON()), components: components.map((c) => c.toJSON()), allowed_mentions: { parse: [] }, ...(chart ? { attachments: [{ id: 0, filename: chart.name }] } : {}) },
      ...(chart ? { files: [{ name: chart.name, data: chart.png, contentType: 'image/png' }] } : {}),
    });
  }
}
