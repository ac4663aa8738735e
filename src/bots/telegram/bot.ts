/**
 * The Telegram adapter: grammY with the runner (updates handled concurrently, in order within a
 * chat), auto-retry (429 waits retry_after; 5xx and network errors back off), and one path per
 * feature — commands, deep-link /start, inline mode. Every reply goes through TelegramSender.
 */
import { autoRetry } from '@grammyjs/auto-retry';
import { sequentialize } from '@grammyjs/runner';
import { Bot, Composer, InlineKeyboard, type Context } from 'grammy';
import type { InlineQueryResultArticle, UserFromGetMe } from 'grammy/types';
import { createHash } from 'node:crypto';
import { makeContext } from '../../commands/context.js';
import { exampleLine } from '../../commands/describe.js';
import { formatter } from '../../commands/format.js';
import { commandNames } from '../../commands/names.js';
import { registry } from '../../commands/registry.js';
import { readTap } from '../../commands/nudges.js';
import { execute, splitLine } from '../../commands/run.js';
import type { CommandContext } from '../../commands/types.js';
import { langs, localeOf, type Lang } from '../../i18n/index.js';
import type { AdapterDeps } from '../deps.js';
import { LIMIT_DEFAULTS, Limits } from '../limits.js';
import { decodePayload, encodePayload } from './deeplink.js';
import { MESSAGE_LIMIT, toHtml } from './html.js';
import { TelegramSender } from './sender.js';

export interface TelegramDeps extends AdapterDeps {
  token: string;
  /** Bot API root (a local Bot API server or a test double); Telegram's when unset. */
  apiRoot?: string;
  /** Known bot identity (skips getMe; for handleUpdate-style tests). */
  botInfo?: UserFromGetMe;
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
  bot.api.config.use(autoRetry({ maxRetryAttempts: 6, maxDelaySeconds: 300 }));
  const log = deps.logger.child({ platform: 'telegram' });
  const sender = new TelegramSender(bot.api, deps.renderer, log);
  const now = deps.now ?? (() => new Date());

  const limits = deps.limits ?? new Limits(LIMIT_DEFAULTS.user);
  const chatLimits = deps.chatLimits ?? new Limits(LIMIT_DEFAULTS.chat);
  const contextInput = (ctx: Context) => ({
    dataset: deps.dataset,
    settings: deps.settings,
    ...(deps.subscriptions ? { subscriptions: deps.subscriptions } : {}),
    chatId: chatKey(ctx.chat?.id ?? ctx.from?.id ?? 0),
    platform: 'telegram' as const,
    platformLocale: ctx.from?.language_code,
    now: now(),
  });
  const contextFor = (ctx: Context): Promise<CommandContext> => makeContext(contextInput(ctx));

  /** Runs one command line for a chat; anything unexpected becomes a localized apology. */
  async function answer(ctx: Context, line: string): Promise<void> {
    const cctx = await contextFor(ctx);
    // Other bots are never answered (no loops); groups also share a per-chat budget.
    if (ctx.from?.is_bot) return;
    const group = ctx.chat && ctx.chat.type !== 'private';
    const verdict = limits.take(`tg:u${ctx.from?.id ?? ctx.chat?.id}`);
    const chatVerdict = verdict === 'ok' && group ? chatLimits.take(`tg:c${ctx.chat!.id}`) : 'ok';
    if (chatVerdict !== 'ok') return;
    if (verdict !== 'ok') {
      if (verdict === 'warn') await ctx.api.sendMessage(ctx.chat!.id, cctx.fmt.t('nudge.slowDown')).catch(() => undefined);
      return;
    }
    try {
      const inv = splitLine(line);
      const def = inv ? registry.get(inv.name) : undefined;
      if (def?.admin && !(await isAdmin(ctx))) {
        await ctx.api.sendMessage(ctx.chat!.id, toHtml(cctx.fmt.t('errors:adminOnly', { command: def.name, example: exampleLine(def) })), { parse_mode: 'HTML' });
        return;
      }
      const outcome = await execute(line, cctx, { onUnexpected: (err) => log.error({ err }, 'command failed') });
      const replyTo = ctx.msg && ctx.chat?.type !== 'private' ? ctx.msg.message_id : undefined;
      await sender.send(ctx.chat!.id, outcome, cctx.theme, replyTo);
    } catch (err) {
      log.error({ err, chat: ctx.chat?.id }, 'update failed');
      await ctx.api.sendMessage(ctx.chat!.id, cctx.fmt.t('errors:internal')).catch(() => undefined);
    }
  }

  const features = new Composer<Context>();

  features.command('start', async (ctx) => {
    const line = ctx.match ? decodePayload(ctx.match) : null;
    if (line) return answer(ctx, line);
    const cctx = await contextFor(ctx);
    await ctx.reply(cctx.fmt.t('telegram.welcome'));
  });

  features.command([...commandNames], (ctx) => answer(ctx, ctx.msg.text ?? ''));

  // In a private chat, any other text is a command line too ("carry 1.5", "/nope").
  features.chatType('private').on('message:text', (ctx) => answer(ctx, ctx.msg.text));

  // A nudge tap: answered at once (no spinning button), then the same message is edited in place.
  features.on('callback_query:data', async (ctx) => {
    const cctx = await contextFor(ctx);
    const t = cctx.fmt.t;
    const message = ctx.callbackQuery.message;
    try {
      const verdict = limits.take(`tg:u${ctx.from.id}`);
      if (verdict !== 'ok') return void (await ctx.answerCallbackQuery(verdict === 'warn' ? { text: t('nudge.slowDown') } : {}));
      const tap = readTap(ctx.callbackQuery.data, cctx.fmt);
      if (!tap.ok || !message) return void (await ctx.answerCallbackQuery({ text: t('nudge.invalid'), show_alert: false }));
      if (tap.bound && !tap.bound.moved) return void (await ctx.answerCallbackQuery({ text: t('nudge.atBound', { edge: t(`nudge.edge.${tap.bound.edge}`), value: tap.bound.value }) }));
      const tctx = await makeContext({ ...contextInput(ctx), override: { preset: tap.preset } });
      const outcome = await execute(tap.line, tctx, { onUnexpected: (err) => log.error({ err }, 'tap failed') });
      if (!outcome.ok) return void (await ctx.answerCallbackQuery({ text: outcome.error.message }));
      await ctx.answerCallbackQuery(tap.bound ? { text: t('nudge.bound', { edge: t(`nudge.edge.${tap.bound.edge}`), value: tap.bound.value }) } : {});
      await sender.edit(message.chat.id, message.message_id, outcome, tctx.theme);
    } catch (err) {
      log.error({ err, chat: message?.chat.id }, 'tap failed');
      await ctx.answerCallbackQuery({ text: t('errors:internal') }).catch(() => undefined);
    }
  });

  features.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    const cctx = await makeContext({
      dataset: deps.dataset,
      settings: deps.settings,
      chatId: chatKey(ctx.from.id),
      platform: 'telegram',
      platformLocale: ctx.from.language_code,
      now: now(),
    });
    const lines = query ? [query] : ['/carry 1.5', '/neutral 0.75', '/spread', '/brief'];
    const results: InlineQueryResultArticle[] = [];
    for (const line of lines) {
      const outcome = await execute(line.startsWith('/') ? line : `/${line}`, cctx);
      const text = outcome.ok ? outcome.answer.text : outcome.error.message;
      const [title = '', description = ''] = text.split('\n');
      const payload = outcome.ok && outcome.answer.chart ? encodePayload(line) : null;
      results.push({
        type: 'article',
        id: createHash('sha1').update(`${cctx.lang}|${cctx.presetName}|${line}`).digest('hex').slice(0, 32),
        title: title.slice(0, 120),
        description: description.slice(0, 200),
        input_message_content: { message_text: toHtml(text.slice(0, MESSAGE_LIMIT)), parse_mode: 'HTML' },
        ...(payload ? { reply_markup: new InlineKeyboard().url(cctx.fmt.t('telegram.openChart'), `https://t.me/${ctx.me.username}?start=${payload}`) } : {}),
      });
    }
    await ctx.answerInlineQuery(results, { cache_time: 60, is_personal: true });
  });

  // Edits and channel posts are not requests to us: answering an edit would answer a command twice.
  bot.use((ctx, next) => (ctx.update.edited_message || ctx.update.channel_post || ctx.update.edited_channel_post ? undefined : next()));
  // Taps on the same message are handled in order, with the chat's other updates.
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : ctx.from ? `u${ctx.from.id}` : undefined)));
  bot.use(features);
  bot.catch((err) => log.error({ err: err.error, update: err.ctx.update.update_id }, 'unhandled update error'));
  return { bot, sender };
}

/** The command menu in both languages: the default list in English, `zh` users see Chinese. */
export async function registerCommands(bot: Bot): Promise<void> {
  for (const lang of langs) {
    const t = formatter(lang as Lang).t;
    const commands = commandNames.map((name) => ({
      command: name,
      description: t(`commands:${name}.description` as 'commands:carry.description').slice(0, 256),
    }));
    // English is the default list; other languages register under their two-letter code (zh).
    await bot.api.setMyCommands(commands, lang === 'en' ? {} : { language_code: localeOf[lang].slice(0, 2) as 'zh' });
  }
}
