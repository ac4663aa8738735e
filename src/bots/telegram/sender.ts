/**
 * Sends an answer to a Telegram chat: a photo with its caption for charted answers (by file_id when
 * the same chart went out before), a message otherwise. Interactive replies and morning briefings
 * both go through here, so HTML, caption limits and the file_id cache live in one place.
 */
import { GrammyError, InlineKeyboard, InputFile, type Api } from 'grammy';
import type { InlineKeyboardButton } from 'grammy/types';

/** grammY types its signal with the abort-controller package; Node's own is the same thing at run time. */
type Signal = Parameters<Api['sendPhoto']>[3];
import type { Logger } from 'pino';
import { LruCache } from '../../charts/lru.js';
import { ChartRenderer } from '../../charts/renderer.js';
import { formatter } from '../../commands/format.js';
import { studioButtonFor } from '../../studio/buttons.js';
import type { Outcome } from '../../commands/run.js';
import type { Theme } from '../../commands/types.js';
import { present } from '../present.js';
import { MESSAGE_LIMIT, splitCaption, toHtml } from './html.js';
import { bulkMark } from './transport.js';

/** Telegram answers that mean the chat is gone for us: blocked, kicked, deleted, no rights. */
export function isUnreachable(err: unknown): boolean {
  if (!(err instanceof GrammyError)) return false;
  if (err.error_code === 403) return true;
  return err.error_code === 400 && /chat not found|group chat was upgraded|not enough rights|have no rights|CHAT_WRITE_FORBIDDEN|bot is not a member|user is deactivated/i.test(err.description);
}

/** How long an interactive answer waits for its chart to be sent before the text goes alone. */
export const CHART_SEND_MS = 10_000;

export class TelegramSender {
  private readonly fileIds = new LruCache<{ id: string; byteLength: number }>(5000, 5000 * 200);
  /** Charts being rendered and uploaded: concurrent sends of the same chart wait for the first one's file_id. */
  private readonly uploading = new Map<string, Promise<boolean>>();
  /** Photo uploads (not file_id re-sends), for the benchmark. */
  uploads = 0;

  constructor(
    private readonly api: Api,
    private readonly renderer: ChartRenderer,
    private readonly log: Logger,
    /** PUBLIC_URL: what-if answers get an "Open studio" button (a Mini App in private chats, a link in groups). */
    private readonly publicUrl?: string,
  ) {}

  /** The buttons under an answer: the nudge row, then the studio where there is one. */
  private markup(outcome: Outcome, chatId: number): { reply_markup?: InlineKeyboard } {
    const rows: InlineKeyboardButton[][] = outcome.ok && outcome.answer.buttons?.length ? [outcome.answer.buttons.map((b) => InlineKeyboard.text(b.label, b.payload))] : [];
    const studio = studioButtonFor(this.publicUrl, outcome);
    // Telegram takes web_app buttons in private chats only; groups get the same page as a link.
    if (studio) rows.push([chatId > 0 ? InlineKeyboard.webApp(studio.label, studio.url) : InlineKeyboard.url(studio.label, studio.url)]);
    return rows.length ? { reply_markup: InlineKeyboard.from(rows) } : {};
  }

  private async upload(chatId: number, key: string, png: Buffer, name: string, options: Record<string, unknown>, signal?: Signal): Promise<void> {
    this.uploads++;
    const sent = await this.api.sendPhoto(chatId, new InputFile(png, name), options, signal);
    const id = sent.photo?.at(-1)?.file_id;
    if (id) this.fileIds.set(key, { id, byteLength: id.length });
  }

  /**
   * `textIfChartFails`: when the chart cannot be sent (a timeout, a 5xx, the network), the text still
   * goes out with a short note (interactive answers). Briefings leave it off: their delivery retries.
   * `bulk`: part of a broadcast (briefings, alerts), paced behind replies (transport.ts).
   */
  async send(chatId: number, outcome: Outcome, theme: Theme, o: { replyTo?: number | undefined; textIfChartFails?: boolean; bulk?: boolean } = {}): Promise<void> {
    try {
      // Someone is waiting: the chart gets CHART_SEND_MS (retries included), then the text goes alone.
      await this.sendOnce(chatId, outcome, theme, o.replyTo, o.textIfChartFails ? (AbortSignal.timeout(CHART_SEND_MS) as unknown as Signal) : undefined, o.bulk);
    } catch (err) {
      // A bad request (400) is ours to fix, and a chat we cannot reach takes no text either.
      const badRequest = err instanceof GrammyError && err.error_code === 400;
      if (!o.textIfChartFails || !outcome.ok || !outcome.answer.chart || badRequest || isUnreachable(err)) throw err;
      this.log.warn({ err, chat: chatId }, 'chart could not be sent; sending the text alone');
      const text = `${outcome.answer.text}\n${formatter(outcome.lang).t('chart.notSent')}`;
      await this.api.sendMessage(chatId, toHtml(text.slice(0, MESSAGE_LIMIT)), { parse_mode: 'HTML', ...replyParameters(o.replyTo), ...this.markup(outcome, chatId) });
    }
  }

  private async sendOnce(chatId: number, outcome: Outcome, theme: Theme, replyTo?: number, signal?: Signal, bulk?: boolean): Promise<void> {
    const lane = bulk ? bulkMark : {};
    const reply = { ...replyParameters(replyTo), ...this.markup(outcome, chatId), ...lane };
    const spec = outcome.ok ? outcome.answer.chart : null;
    if (!outcome.ok || !spec) {
      const text = outcome.ok ? outcome.answer.text : outcome.error.message;
      await this.api.sendMessage(chatId, toHtml(text.slice(0, MESSAGE_LIMIT)), { parse_mode: 'HTML', ...reply });
      return;
    }
    const key = ChartRenderer.key(spec, theme);
    const inFlight = this.uploading.get(key);
    if (inFlight) await inFlight.catch(() => undefined);
    const cached = this.fileIds.get(key)?.id;
    const { caption, rest } = splitCaption(outcome.answer.text);
    const options = { caption: toHtml(caption), parse_mode: 'HTML' as const, ...reply };
    if (cached) {
      try {
        await this.api.sendPhoto(chatId, cached, options, signal);
      } catch (err) {
        // A file_id Telegram no longer accepts: upload once more and remember the new one.
        if (!(err instanceof GrammyError && err.error_code === 400) || isUnreachable(err)) throw err;
        await this.upload(chatId, key, (await this.renderer.render(spec, theme)).png, `${outcome.command}.png`, options, signal);
      }
    } else {
      // This send owns the chart: render and upload it while others sending the same chart wait.
      const job = (async () => {
        void this.api.sendChatAction(chatId, 'upload_photo').catch(() => undefined);
        const shown = await present(outcome, this.renderer, theme, (err) => this.log.error({ err }, 'chart render failed'));
        if (!shown.chart) {
          await this.api.sendMessage(chatId, toHtml(shown.text.slice(0, MESSAGE_LIMIT)), { parse_mode: 'HTML', ...reply });
          return false;
        }
        await this.upload(chatId, key, shown.chart.png, `${outcome.command}.png`, options, signal);
        return true;
      })();
      this.uploading.set(key, job);
      try {
        if (!(await job)) return;
      } finally {
        if (this.uploading.get(key) === job) this.uploading.delete(key);
      }
    }
    if (rest) await this.api.sendMessage(chatId, toHtml(rest.slice(0, MESSAGE_LIMIT)), { parse_mode: 'HTML', ...lane });
  }

  /** Replaces a message's photo, caption and buttons in place (a nudge tap). */
  async edit(chatId: number, messageId: number, outcome: Outcome & { ok: true }, theme: Theme): Promise<void> {
    const extra = this.markup(outcome, chatId);
    try {
      const shown = await present(outcome, this.renderer, theme, (err) => this.log.error({ err }, 'chart render failed'));
      const caption = toHtml(splitCaption(shown.text).caption);
      if (!shown.chart) {
        await this.api.editMessageCaption(chatId, messageId, { caption, parse_mode: 'HTML', ...extra });
        return;
      }
      const key = shown.chart.key;
      const cached = this.fileIds.get(key)?.id;
      const media = { type: 'photo' as const, media: cached ?? new InputFile(shown.chart.png, `${outcome.command}.png`), caption, parse_mode: 'HTML' as const };
      if (!cached) this.uploads++;
      const edited = await this.api.editMessageMedia(chatId, messageId, media, extra);
      const id = typeof edited === 'object' ? edited.photo?.at(-1)?.file_id : undefined;
      if (id) this.fileIds.set(key, { id, byteLength: id.length });
    } catch (err) {
      // Two taps landing on the same state: Telegram says the message is unchanged, which is fine.
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
      throw err;
    }
  }
}

function replyParameters(replyTo: number | undefined) {
  return replyTo ? { reply_parameters: { message_id: replyTo, allow_sending_without_reply: true } } : {};
}
