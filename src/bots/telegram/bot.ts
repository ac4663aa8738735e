/**
 * The Telegram adapter: grammY with the runner (updates handled concurrently, in order within a
 * chat), auto-retry (429 waits retry_after; 5xx and network errors back off), and one path per
 * feature — commands, deep-link /start, inline mode. Every reply goes through TelegramSender.
 */
import { sequentialize } from '@grammyjs/runner';
import { Bot, Composer, InlineKeyboard, type Context } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { formatter } from '../../commands/format.js';
import { commandNames } from '../../commands/names.js';
import { AnswerPath, type Asker, type Shown } from '../answer.js';
import type { AdapterDeps } from '../deps.js';
import { decodePayload } from './deeplink.js';
import { inlineMode } from './inline.js';
import { toHtml } from './html.js';
import { installTransport, type TelegramPacing } from './transport.js';
import { TelegramSender } from './sender.js';

export interface TelegramDeps extends AdapterDeps {
  token: string;
  /** Bot API root (a local Bot API server or a test double); Telegram's when unset. */
  apiRoot?: string;
  /** Known bot identity (skips getMe; for handleUpdate-style tests). */
  botInfo?: UserFromGetMe;
  /** Every message-sending call paced through these windows (shared with briefings and other processes). */
  pacing?: TelegramPacing;
}

export const chatKey = (chatId: number | string): string => `tg:${chatId}`;

async function isAdmin(ctx: Context): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat || chat.type === 'private') return true;
  if (chat.type === 'channel') return false;
  // Anonymous admins post as the group itself (through GroupAnonymousBot).
  if (ctx.senderChat?.id === chat.id) return true;
  if (!ctx.from) return false;
  const member = await ctx.getChatMember(ctx.from.id);
  return member.status === 'creator' || member.status === 'administrator';
}

export function createTelegramBot(deps: TelegramDeps): { bot: Bot; sender: TelegramSender } {
  const bot = new Bot(deps.token, {
    client: deps.apiRoot ? { apiRoot: deps.apiRoot } : {},
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  // A 429 waits its retry_after; a 5xx is retried three times (1 + 2 + 4 s), then the caller decides:
  // an interactive answer falls back to its text, a briefing goes back to the broadcaster's retries.
  installTransport(bot.api, { maxRetryAttempts: 3, pacing: deps.pacing });
  const log = deps.logger.child({ platform: 'telegram' });
  const sender = new TelegramSender(bot.api, deps.renderer, log, deps.publicUrl);
  const path = new AnswerPath({ ...deps, logger: log });

  const askerOf = (ctx: Context): Asker => ({
    platform: 'telegram',
    chatId: chatKey(ctx.chat?.id ?? ctx.from?.id ?? 0),
    userKey: `tg:u${ctx.from?.id ?? ctx.chat?.id}`,
    ...(ctx.chat && ctx.chat.type !== 'private' ? { groupKey: `tg:c${ctx.chat.id}` } : {}),
    locale: ctx.from?.language_code,
    isBot: ctx.from?.is_bot ?? false,
    isAdmin: () => isAdmin(ctx),
  });

  /** Shows what the answer path said in a chat (in reply to the message in groups); a failure to send is the one apology. */
  async function show(ctx: Context, shown: Shown): Promise<void> {
    const chatId = ctx.chat!.id;
    const replyTo = ctx.msg && ctx.chat?.type !== 'private' ? ctx.msg.message_id : undefined;
    try {
      if (shown.kind === 'notice') await ctx.api.sendMessage(chatId, toHtml(shown.text), { parse_mode: 'HTML' });
      if (shown.kind === 'choices') {
        const keyboard = InlineKeyboard.from(shown.buttons.map((b) => [InlineKeyboard.text(b.label, b.payload)]));
        await ctx.api.sendMessage(chatId, toHtml(shown.text), { parse_mode: 'HTML', reply_markup: keyboard });
      }
      if (shown.kind === 'answer') await sender.send(chatId, shown.outcome, shown.ctx.theme, { replyTo, textIfChartFails: true });
    } catch (err) {
      log.error({ err, chat: chatId }, 'reply failed');
      const lang = shown.kind === 'silent' ? 'en' : shown.kind === 'answer' ? shown.ctx.lang : shown.lang;
      await ctx.api.sendMessage(chatId, formatter(lang).t('errors:internal')).catch(() => undefined);
    }
  }

  const reply = async (ctx: Context, line: string) => show(ctx, await path.answer(askerOf(ctx), { kind: 'line', line }));
  const replyText = async (ctx: Context, text: string) => show(ctx, await path.answer(askerOf(ctx), { kind: 'text', text }));

  const features = new Composer<Context>();

  features.command('start', async (ctx) => {
    const line = ctx.match ? decodePayload(ctx.match) : null;
    if (line) return reply(ctx, line);
    const cctx = await path.context(askerOf(ctx));
    await ctx.reply(cctx.fmt.t('telegram.welcome'));
  });

  features.command([...commandNames], (ctx) => reply(ctx, ctx.msg.text ?? ''));

  // Words: any text in a private chat; in groups only what addresses the bot — a mention or a reply
  // to one of its messages (both reach a bot in privacy mode). Other chatter is never answered.
  features.on('message:text', async (ctx) => {
    const text = ctx.msg.text;
    if (ctx.chat.type === 'private') return replyText(ctx, text);
    const mention = `@${ctx.me.username}`;
    const mentioned = (ctx.msg.entities ?? []).some((e) => e.type === 'mention' && text.slice(e.offset, e.offset + e.length).toLowerCase() === mention.toLowerCase());
    const repliedTo = ctx.msg.reply_to_message?.from?.id === ctx.me.id;
    if (!mentioned && !repliedTo) return;
    const question = mentioned ? text.replace(new RegExp(mention.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'ig'), ' ').trim() : text;
    return replyText(ctx, question);
  });

  // A nudge tap: answered at once (no spinning button), then the same message is edited in place.
  features.on('callback_query:data', async (ctx) => {
    const message = ctx.callbackQuery.message;
    const shown = await path.answer(askerOf(ctx), { kind: 'tap', payload: ctx.callbackQuery.data });
    try {
      if (shown.kind !== 'answer' || !message) return void (await ctx.answerCallbackQuery(shown.kind === 'notice' ? { text: shown.text } : {}));
      await ctx.answerCallbackQuery(shown.note ? { text: shown.note } : {});
      if (shown.inPlace) await sender.edit(message.chat.id, message.message_id, shown.outcome, shown.ctx.theme);
      else await sender.send(message.chat.id, shown.outcome, shown.ctx.theme, { textIfChartFails: true });
    } catch (err) {
      log.error({ err, chat: message?.chat.id }, 'tap failed');
      await ctx.answerCallbackQuery({ text: formatter(shown.kind === 'answer' ? shown.ctx.lang : 'en').t('errors:internal') }).catch(() => undefined);
    }
  });

  features.use(inlineMode(path, askerOf));

  // Tests wait on this signal, not on sleeps: the update has been handled to the end.
  const onHandled = deps.onHandled;
  if (onHandled) {
    bot.use(async (ctx, next) => {
      try {
        await next();
      } finally {
        onHandled(String(ctx.update.update_id));
      }
    });
  }
  // Edits and channel posts are not requests to us: answering an edit would answer a command twice.
  bot.use((ctx, next) => (ctx.update.edited_message || ctx.update.channel_post || ctx.update.edited_channel_post ? undefined : next()));
  // Taps on the same message are handled in order, with the chat's other updates.
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : ctx.from ? `u${ctx.from.id}` : undefined)));
  bot.use(features);
  bot.catch((err) => log.error({ err: err.error, update: err.ctx.update.update_id }, 'unhandled update error'));
  return { bot, sender };
}
