/**
 * A fake Telegram Bot API on 127.0.0.1 for the real grammY client: POST /bot<token>/<method>, JSON or
 * multipart bodies (busboy), long-polled getUpdates, recorded calls, injected faults.
 */
import busboy from 'busboy';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Call {
  method: string;
  params: Record<string, unknown>;
  files: Record<string, Buffer>;
  /** The HTTP status the fake answered with, and the result it returned. */
  status: number;
  result?: unknown;
}

type Fault = { status: number; description: string; retryAfter?: number; chatId?: number };

const OBJECT_FIELDS = new Set(['media', 'reply_parameters', 'reply_markup', 'caption_entities', 'entities', 'commands', 'scope', 'results', 'allowed_updates', 'link_preview_options']);

export class FakeTelegram {
  readonly calls: Call[] = [];
  readonly members = new Map<string, string>();
  readonly botInfo = {
    id: 424242,
    is_bot: true as const,
    first_name: 'CarryBot Test',
    username: 'CarryTestBot',
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: true,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };
  private server: Server | undefined;
  private updates: Array<Record<string, unknown>> = [];
  private nextUpdate = 1;
  private nextMessage = 1000;
  private nextFile = 1;
  private wake: Array<() => void> = [];
  private faults = new Map<string, Fault[]>();
  /** Methods whose requests are held unprocessed (a request that never reached the platform). */
  private readonly holding = new Set<string>();
  private released: Array<() => void> = [];
  heldCount = 0;
  droppedCount = 0;
  /** Like Telegram's broadcast limit: at most this many messages in any trailing second, 429 beyond. */
  messagesPerSecond: number | null = null;
  private recent: number[] = [];
  limited = 0;
  /** Keep only counts, not every call (for runs of tens of thousands of messages). */
  recordCalls = true;
  /** Told about every answered call (load tests measure latency with it). */
  onCall: ((method: string, params: Record<string, unknown>) => void) | null = null;
  readonly delivered = new Map<number, number>();
  /** Update ids the bot has handled to the end: give `handled` to the adapter as its `onHandled`. */
  readonly handledIds = new Set<number>();
  readonly handled = (updateId: string): void => void this.handledIds.add(Number(updateId));
  private readonly tapUpdates = new Map<string, number>();

  /** Holds every further call of `method` until `release()`; a held request whose client goes away is dropped. */
  hold(method: string): void {
    this.holding.add(method);
  }

  release(method: string): void {
    this.holding.delete(method);
    for (const r of this.released.splice(0)) r();
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const w of this.wake.splice(0)) w();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Queues an update (update_id assigned here) and wakes a waiting getUpdates. */
  push(update: Record<string, unknown>): number {
    const id = this.nextUpdate++;
    this.updates.push({ update_id: id, ...update });
    for (const w of this.wake.splice(0)) w();
    return id;
  }

  /**
   * Resolves once the bot has handled each of these updates (update ids, or ids `tap` returned) to
   * the end: after that, "nothing else was sent" is a fact, not a guess after a sleep.
   */
  async processed(...ids: Array<number | string>): Promise<void> {
    const updateIds = ids.map((id) => (typeof id === 'number' ? id : this.tapUpdates.get(id)!));
    await this.waitFor(() => updateIds.every((id) => this.handledIds.has(id)), 60_000, `updates ${updateIds.join(', ')} handled (handled so far: ${[...this.handledIds].join(', ')})`);
  }

  /** A tap on an inline button under the bot's message `messageId` in `chatId`. */
  tap(data: string, o: { chatId: number; messageId: number; userId?: number; lang?: string }): string {
    const id = `cbq-${this.nextUpdate}`;
    this.tapUpdates.set(id, this.nextUpdate);
    this.push({
      callback_query: {
        id,
        from: { id: o.userId ?? o.chatId, is_bot: false, first_name: 'Ann', ...(o.lang ? { language_code: o.lang } : {}) },
        chat_instance: 'ci-1',
        data,
        message: { message_id: o.messageId, date: Math.floor(Date.now() / 1000), chat: { id: o.chatId, type: o.chatId < 0 ? 'supergroup' : 'private' }, photo: [] },
      },
    });
    return id;
  }

  message(text: string, o: { chatId?: number; chatType?: string; userId?: number; lang?: string; senderChat?: Record<string, unknown> } = {}): number {
    const chatId = o.chatId ?? o.userId ?? 777;
    const entities = text.startsWith('/') ? [{ type: 'bot_command', offset: 0, length: text.split(/\s/)[0]!.length }] : [];
    return this.push({
      message: {
        message_id: this.nextMessage++,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: o.chatType ?? 'private', ...(o.chatType && o.chatType !== 'private' ? { title: 'Macro chat' } : { first_name: 'Ann' }) },
        from: { id: o.userId ?? 777, is_bot: false, first_name: 'Ann', ...(o.lang ? { language_code: o.lang } : {}) },
        ...(o.senderChat ? { sender_chat: o.senderChat } : {}),
        text,
        entities,
      },
    });
  }

  /** The next `times` calls of `method` (to `fault.chatId` only, if set) fail with this status (429 carries retry_after). */
  fail(method: string, fault: Fault, times = 1): void {
    this.faults.set(method, [...(this.faults.get(method) ?? []), ...Array.from({ length: times }, () => fault)]);
  }

  ok(method?: string): Call[] {
    return this.calls.filter((c) => c.status === 200 && (!method || c.method === method));
  }

  async waitFor(predicate: () => boolean, ms = 8000, what = 'the condition'): Promise<void> {
    const until = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}; calls: ${this.calls.map((c) => `${c.method}:${c.status}`).join(', ')}; delivered to ${this.delivered.size} chats; held ${this.heldCount}, dropped ${this.droppedCount}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private async body(req: IncomingMessage): Promise<{ params: Record<string, unknown>; files: Record<string, Buffer> }> {
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      return new Promise((resolve, reject) => {
        const params: Record<string, unknown> = {};
        const files: Record<string, Buffer> = {};
        const bb = busboy({ headers: req.headers });
        bb.on('field', (name, value) => {
          params[name] = OBJECT_FIELDS.has(name) ? JSON.parse(value) : value;
        });
        bb.on('file', (name, stream) => {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => (files[name] = Buffer.concat(chunks)));
        });
        bb.on('close', () => resolve({ params, files }));
        bb.on('error', reject);
        req.pipe(bb);
      });
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return { params: text ? JSON.parse(text) : {}, files: {} };
  }

  private reply(res: ServerResponse, status: number, payload: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url ?? '');
    if (!m) return this.reply(res, 404, { ok: false, error_code: 404, description: 'Not Found' });
    const method = m[2]!;
    const { params, files } = await this.body(req);
    if (this.holding.has(method)) {
      this.heldCount++;
      const gone = await new Promise<boolean>((resolve) => {
        this.released.push(() => resolve(false));
        res.on('close', () => resolve(true));
      });
      if (gone) {
        this.droppedCount++;
        return;
      }
    }
    if (this.messagesPerSecond && (method === 'sendPhoto' || method === 'sendMessage')) {
      const now = Date.now();
      while (this.recent.length && this.recent[0]! <= now - 1000) this.recent.shift();
      if (this.recent.length >= this.messagesPerSecond) {
        this.limited++;
        return this.reply(res, 429, { ok: false, error_code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 } });
      }
      this.recent.push(now);
    }
    const queue = this.faults.get(method) ?? [];
    const at = queue.findIndex((f) => f.chatId === undefined || f.chatId === Number(params.chat_id));
    const fault = at >= 0 ? queue.splice(at, 1)[0] : undefined;
    if (fault) {
      this.calls.push({ method, params, files, status: fault.status });
      return this.reply(res, fault.status, {
        ok: false,
        error_code: fault.status,
        description: fault.description,
        ...(fault.retryAfter ? { parameters: { retry_after: fault.retryAfter } } : {}),
      });
    }
    const result = await this.result(method, params, req);
    if (method === 'sendPhoto') this.delivered.set(Number(params.chat_id), (this.delivered.get(Number(params.chat_id)) ?? 0) + 1);
    if (this.recordCalls) this.calls.push({ method, params, files, status: 200, result });
    this.onCall?.(method, params);
    this.reply(res, 200, { ok: true, result });
  }

  private async result(method: string, p: Record<string, unknown>, req: IncomingMessage): Promise<unknown> {
    const chat = { id: Number(p.chat_id), type: Number(p.chat_id) < 0 ? 'group' : 'private' };
    const message = (extra: Record<string, unknown>) => ({ message_id: this.nextMessage++, date: Math.floor(Date.now() / 1000), chat, ...extra });
    switch (method) {
      case 'getMe':
        return this.botInfo;
      case 'getUpdates': {
        const offset = Number(p.offset ?? 0);
        this.updates = this.updates.filter((u) => Number(u.update_id) >= offset);
        if (this.updates.length === 0) {
          const waitMs = Math.min(Number(p.timeout ?? 0), 2) * 1000;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, waitMs);
            this.wake.push(() => {
              clearTimeout(timer);
              resolve();
            });
            req.on('close', () => resolve());
          });
        }
        return this.updates.filter((u) => Number(u.update_id) >= offset).slice(0, Number(p.limit ?? 100));
      }
      case 'sendMessage':
        return message({ text: p.text });
      case 'sendPhoto': {
        const photo = String(p.photo);
        const fileId = photo.startsWith('attach://') ? `photo-file-${this.nextFile++}` : photo;
        return message({ caption: p.caption, photo: [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 1280, height: 720, file_size: 1 }] });
      }
      case 'editMessageMedia': {
        const media = p.media as { media: string; caption?: string };
        const fileId = media.media.startsWith('attach://') ? `photo-file-${this.nextFile++}` : media.media;
        return { message_id: Number(p.message_id), date: Math.floor(Date.now() / 1000), chat, caption: media.caption, photo: [{ file_id: fileId, file_unique_id: `u-${fileId}`, width: 1280, height: 720 }] };
      }
      case 'getChatMember':
        return { status: this.members.get(`${p.chat_id}:${p.user_id}`) ?? 'member', user: { id: Number(p.user_id), is_bot: false, first_name: 'X' } };
      default:
        return true;
    }
  }
}
