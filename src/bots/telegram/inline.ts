/** Telegram inline mode (`@bot carry 1.5` in any chat): short answers with a deep link to the full one. */
import { Composer, InlineKeyboard, type Context } from 'grammy';
import type { InlineQueryResultArticle } from 'grammy/types';
import { createHash } from 'node:crypto';
import { formatter } from '../../commands/format.js';
import type { AnswerPath, Asker } from '../answer.js';
import { encodePayload } from './deeplink.js';
import { MESSAGE_LIMIT, toHtml } from './html.js';

/** What an empty inline query offers. */
const EXAMPLES = ['/carry 1.5', '/neutral 0.75', '/spread', '/brief'];

export function inlineMode(path: AnswerPath, askerOf: (ctx: Context) => Asker): Composer<Context> {
  const feature = new Composer<Context>();
  // Inline mode: the same per-user budget as messages, and read-only (a command that changes chat
  // state would act for a chat the query was not sent in). Over the budget: no results.
  feature.on('inline_query', async (ctx) => {
    const query = ctx.inlineQuery.query.trim();
    // No chat here: the asker's own settings (their private chat with the bot) apply.
    const asker = askerOf(ctx);
    const lines = query ? [query.startsWith('/') ? query : `/${query}`] : EXAMPLES;
    const results: InlineQueryResultArticle[] = [];
    for (const [i, line] of lines.entries()) {
      const shown = await path.answer(asker, { kind: 'line', line, readOnly: true }, { metered: i === 0 });
      if (shown.kind === 'silent' || shown.kind === 'choices' || (shown.kind === 'notice' && shown.code === 'nudge.slowDown')) break;
      const text = shown.kind === 'notice' ? shown.text : shown.outcome.answer.text;
      const [title = '', description = ''] = text.split('\n');
      const payload = shown.kind === 'answer' && shown.outcome.answer.chart ? encodePayload(line) : null;
      const fmt = formatter(shown.kind === 'notice' ? shown.lang : shown.ctx.lang);
      results.push({
        type: 'article',
        id: createHash('sha1').update(`${fmt.lang}|${shown.kind === 'answer' ? shown.ctx.presetName : ''}|${line}`).digest('hex').slice(0, 32),
        title: title.slice(0, 120),
        description: description.slice(0, 200),
        input_message_content: { message_text: toHtml(text.slice(0, MESSAGE_LIMIT)), parse_mode: 'HTML' },
        ...(payload ? { reply_markup: new InlineKeyboard().url(fmt.t('telegram.openChart'), `https://t.me/${ctx.me.username}?start=${payload}`) } : {}),
      });
    }
    await ctx.answerInlineQuery(results, results.length ? { cache_time: 60, is_personal: true } : { cache_time: 0, is_personal: true });
  });
  return feature;
}
