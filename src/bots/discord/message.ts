/**
 * The one builder of a Discord message for an answer: the embed (first line as title, footer apart),
 * the chart attached as a file, and the nudge row. Interactive replies, taps and briefings (over the
 * gateway or REST alone) all send what this builds.
 */
import { ActionRowBuilder, AttachmentBuilder, ButtonBuilder, ButtonStyle, EmbedBuilder } from 'discord.js';
import type { Logger } from 'pino';
import type { ChartRenderer } from '../../charts/renderer.js';
import { palettes } from '../../charts/theme.js';
import { formatter } from '../../commands/format.js';
import type { Outcome } from '../../commands/run.js';
import type { Button, Theme } from '../../commands/types.js';
import { present } from '../present.js';

export type Answered = Extract<Outcome, { ok: true }>;

export interface DiscordMessage {
  embeds: EmbedBuilder[];
  files: AttachmentBuilder[];
  components: Array<ActionRowBuilder<ButtonBuilder>>;
  /** The chart as bytes, for senders that post over REST alone. */
  chart: { name: string; png: Buffer } | null;
}

/** A row of buttons (nudges under an answer, readings to choose from); the last one stands out. */
export function rowOf(buttons: readonly Button[] | undefined): Array<ActionRowBuilder<ButtonBuilder>> {
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

function embedFor(outcome: Answered, text: string, theme: Theme, image: string | null): EmbedBuilder {
  const { footer } = outcome.answer;
  const body = footer ? text.replace(footer, '').replace(/\n{2,}/g, '\n').trim() : text;
  const [title = '', ...rest] = body.split('\n');
  const embed = new EmbedBuilder().setTitle(title.slice(0, 256)).setColor(palettes[theme].roles.primary as `#${string}`);
  if (rest.length) embed.setDescription(rest.join('\n').slice(0, 4096));
  if (footer) embed.setFooter({ text: footer.slice(0, 2048) });
  if (image) embed.setImage(`attachment://${image}`);
  return embed;
}

/**
 * The message for an answer. `chart: false` leaves the chart out (no render), with `note` (a
 * locale key under `chart.`) added to the text: what a failed upload falls back to.
 */
export async function messageFor(
  outcome: Answered,
  theme: Theme,
  renderer: ChartRenderer,
  log: Logger,
  o: { chart?: boolean; note?: 'notSent' } = {},
): Promise<DiscordMessage> {
  const withChart = o.chart !== false;
  const shown = withChart ? await present(outcome, renderer, theme, (err) => log.error({ err }, 'chart render failed')) : { text: outcome.answer.text, chart: null };
  const note = o.note ? formatter(outcome.lang).t(`chart.${o.note}`) : null;
  const text = note ? `${shown.text}\n${note}` : shown.text;
  const chart = shown.chart ? { name: `${outcome.command}.png`, png: shown.chart.png } : null;
  return {
    embeds: [embedFor(outcome, text, theme, chart?.name ?? null)],
    files: chart ? [new AttachmentBuilder(chart.png, { name: chart.name })] : [],
    components: rowOf(outcome.answer.buttons),
    chart,
  };
}
