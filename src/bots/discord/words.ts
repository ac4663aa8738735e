/**
 * Discord messages in words: a DM, or a server message that mentions the bot (Discord gives a bot the
 * content of both without the privileged message-content intent). They go the one answer path as
 * free text; other chatter never reaches it.
 */
import { escapeMarkdown, Events, PermissionFlagsBits, type Client } from 'discord.js';
import type { AnswerPath, Asker } from '../answer.js';
import type { AdapterDeps } from '../deps.js';
import { channelKey } from './bot.js';
import { messageFor, rowOf } from './message.js';

export function listenForWords(client: Client, path: AnswerPath, deps: Pick<AdapterDeps, 'renderer' | 'logger' | 'publicUrl' | 'onHandled'>): void {
  // Words in a DM, or in a server message that mentions the bot (Discord gives a bot the content of
  // both without the privileged message-content intent). Other chatter never reaches an answer.
  client.on(Events.MessageCreate, (m) => {
    if (m.author.bot || !client.user) return;
    const mentioned = m.inGuild() && m.mentions.users.has(client.user.id);
    if (m.inGuild() && !mentioned) return;
    const text = m.content.replace(new RegExp(`<@!?${client.user.id}>`, 'g'), ' ').trim();
    void (async () => {
      const asker: Asker = {
        platform: 'discord',
        chatId: channelKey(m.channelId),
        userKey: `dc:u${m.author.id}`,
        ...(m.inGuild() ? { groupKey: `dc:c${m.channelId}` } : {}),
        locale: m.inGuild() ? m.guild.preferredLocale : null,
        isBot: false,
        isAdmin: async () => !m.inGuild() || Boolean(m.member?.permissions.has(PermissionFlagsBits.ManageGuild)),
      };
      const shown = await path.answer(asker, { kind: 'text', text });
      const reply = { allowedMentions: { parse: [], repliedUser: false } };
      if (shown.kind === 'notice') await m.reply({ content: escapeMarkdown(shown.text), ...reply });
      if (shown.kind === 'choices') await m.reply({ content: escapeMarkdown(shown.text), components: rowOf(shown.buttons), ...reply });
      if (shown.kind === 'answer') {
        const msg = await messageFor(shown.outcome, shown.ctx.theme, deps.renderer, deps.logger, { publicUrl: deps.publicUrl });
        await m.reply({ embeds: msg.embeds, files: msg.files, components: msg.components, ...reply });
      }
    })()
      .catch((err: unknown) => deps.logger.error({ err, message: m.id }, 'message failed'))
      .finally(() => deps.onHandled?.(m.id));
  });
}
