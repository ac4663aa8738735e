/**
 * A fake Discord REST API and gateway on 127.0.0.1 for the real discord.js client: /gateway/bot
 * points at our websocket; HELLO → IDENTIFY → READY; heartbeats acknowledged; interactions
 * dispatched; callbacks, edits and command registrations recorded (multipart through busboy).
 */
import busboy from 'busboy';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface Request {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
  files: Array<{ name: string; filename: string; data: Buffer }>;
  at: number;
}

export const APP_ID = '800000000000000001';
export const BOT_ID = '800000000000000002';

export class FakeDiscord {
  readonly requests: Request[] = [];
  readonly commands = new Map<string, Array<Record<string, unknown>>>();
  /** Milliseconds the fake waits before answering an interaction callback (to test the 3 s rule). */
  callbackDelayMs = 0;
  private server: Server | undefined;
  private wss: WebSocketServer | undefined;
  private sockets = new Set<WebSocket>();
  /** Socket per shard id, from each IDENTIFY. */
  private readonly shards = new Map<number, WebSocket>();
  /** IDENTIFY payloads' shard arrays, in arrival order. */
  readonly identified: Array<[number, number]> = [];
  /** What /gateway/bot recommends. */
  recommendedShards = 1;
  /** Channels that answer 404 Unknown Channel (deleted). */
  readonly missingChannels = new Set<string>();
  /** Statuses the next channel posts answer with, one each (an outage answering 5xx). */
  readonly postFaults: number[] = [];
  /** Channel posts answered 200, per channel (what reached the channel). */
  readonly delivered = new Map<string, number>();
  /** Channel posts held unanswered while the platform hangs; those the client gave up on are dropped. */
  heldPosts = 0;
  droppedPosts = 0;
  private holdingPosts = false;
  private releasePosts: Array<() => void> = [];
  private seq = 0;
  private nextId = 900000000000000000n;
  private identifiedWaiters: Array<() => void> = [];
  port = 0;
  /** Interaction ids the bot has handled to the end: give `handled` to the adapter as its `onHandled`. */
  readonly handledIds = new Set<string>();
  readonly handled = (interactionId: string): void => void this.handledIds.add(interactionId);

  /** Resolves once the bot has handled each of these interactions to the end (nothing more will be sent for them). */
  async processed(...ids: string[]): Promise<void> {
    await this.waitFor(() => ids.every((id) => this.handledIds.has(id)), 60_000, `interactions ${ids.join(', ')} handled`);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws) => this.gateway(ws));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return `http://127.0.0.1:${this.port}/api`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss?.close();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** The platform hangs: channel posts get no answer until release(). */
  holdPosts(): void {
    this.holdingPosts = true;
  }

  release(): void {
    this.holdingPosts = false;
    for (const r of this.releasePosts.splice(0)) r();
  }

  /** Resolves once a client has identified (READY sent). */
  ready(): Promise<void> {
    return this.sockets.size > 0 && this.seq > 0 ? Promise.resolve() : new Promise((resolve) => this.identifiedWaiters.push(resolve));
  }

  id(): string {
    return String(this.nextId++);
  }

  /** Sends a dispatch through one shard's socket (Discord routes each guild to exactly one shard). */
  dispatch(t: string, d: unknown, shard = 0): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    (this.shards.get(shard) ?? [...this.sockets][0])?.send(frame);
  }

  /** A slash command from a user; returns the interaction's id and token. */
  interact(o: { name: string; options?: Array<{ name: string; type: number; value: unknown; focused?: boolean }>; locale?: string; guildId?: string | null; permissions?: string; type?: 2 | 4; channelId?: string; shard?: number; userId?: string }) {
    const id = this.id();
    const token = `itoken-${id}-abcdefghijklmnopqrstuvwxyz0123456789`;
    const user = { id: o.userId ?? '700000000000000001', username: 'ann', discriminator: '0', global_name: 'Ann', avatar: null };
    const guild = o.guildId === undefined ? '600000000000000001' : o.guildId;
    const channelId = o.channelId ?? '500000000000000001';
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type: o.type ?? 2,
      token,
      version: 1,
      locale: o.locale ?? 'en-US',
      ...(guild ? { guild_id: guild, guild_locale: 'en-US' } : {}),
      channel_id: channelId,
      channel: { id: channelId, type: guild ? 0 : 1, ...(guild ? { guild_id: guild, name: 'macro' } : {}) },
      app_permissions: '2248473465835073',
      entitlements: [],
      authorizing_integration_owners: {},
      context: guild ? 0 : 1,
      ...(guild
        ? { member: { user, roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: o.permissions ?? '2248473465835073' } }
        : { user }),
      data: { id: this.id(), name: o.name, type: 1, options: o.options ?? [] },
    }, o.shard ?? 0);
    return { id, token };
  }

  /** A press on a button of the bot's message; returns the interaction's id and token. */
  press(o: { customId: string; locale?: string; userId?: string }) {
    const id = this.id();
    const token = `itoken-${id}-abcdefghijklmnopqrstuvwxyz0123456789`;
    const user = { id: o.userId ?? '700000000000000001', username: 'ann', discriminator: '0', global_name: 'Ann', avatar: null };
    const channelId = '500000000000000001';
    this.dispatch('INTERACTION_CREATE', {
      id,
      application_id: APP_ID,
      type: 3,
      token,
      version: 1,
      locale: o.locale ?? 'en-US',
      guild_id: '600000000000000001',
      guild_locale: 'en-US',
      channel_id: channelId,
      channel: { id: channelId, type: 0, guild_id: '600000000000000001', name: 'macro' },
      app_permissions: '2248473465835073',
      entitlements: [],
      authorizing_integration_owners: {},
      context: 0,
      member: { user, roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: '2248473465835073' },
      message: { ...this.message(channelId, { content: '' }, []), interaction_metadata: null },
      data: { custom_id: o.customId, component_type: 2 },
    });
    return { id, token };
  }

  /** The interaction's callback(s): its first response. */
  callback(id: string): Request[] {
    return this.find('POST', new RegExp(`^/interactions/${id}/[^/]+/callback$`));
  }

  /** Edits of the interaction's original response. */
  original(token: string): Request[] {
    return this.find('PATCH', new RegExp(`^/webhooks/${APP_ID}/${token}/messages/@original$`));
  }

  find(method: string, path: RegExp): Request[] {
    return this.requests.filter((r) => r.method === method && path.test(r.path));
  }

  async waitFor(predicate: () => boolean, ms = 10_000, what = 'the condition'): Promise<void> {
    const until = Date.now() + ms;
    while (!predicate()) {
      if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}; requests: ${this.requests.map((r) => `${r.method} ${r.path}`).join(', ')}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private gateway(ws: WebSocket) {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 45_000 } }));
    ws.on('message', (raw) => {
      const msg = JSON.parse(String(raw)) as { op: number; d: unknown };
      if (msg.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (msg.op === 2) {
        const d = msg.d as { shard?: [number, number] };
        this.identified.push(d.shard ?? [0, 1]);
        this.shards.set((d.shard ?? [0, 1])[0], ws);
        ws.send(
          JSON.stringify({
            op: 0,
            t: 'READY',
            s: ++this.seq,
            d: {
              v: 10,
              user: { id: BOT_ID, username: 'CarryBot', discriminator: '0', bot: true, avatar: null, global_name: null },
              guilds: [],
              session_id: `session-${this.seq}`,
              resume_gateway_url: `ws://127.0.0.1:${this.port}`,
              shard: d.shard ?? [0, 1],
              application: { id: APP_ID, flags: 0 },
            },
          }),
        );
        for (const r of this.identifiedWaiters.splice(0)) r();
      }
    });
  }

  private async read(req: IncomingMessage): Promise<Pick<Request, 'body' | 'files'>> {
    const type = req.headers['content-type'] ?? '';
    if (type.startsWith('multipart/form-data')) {
      return new Promise((resolve, reject) => {
        const files: Request['files'] = [];
        let body: Record<string, unknown> | null = null;
        const bb = busboy({ headers: req.headers });
        bb.on('field', (name, value) => {
          if (name === 'payload_json') body = JSON.parse(value);
        });
        bb.on('file', (name, stream, info) => {
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => files.push({ name, filename: info.filename ?? name, data: Buffer.concat(chunks) }));
        });
        bb.on('close', () => resolve({ body, files }));
        bb.on('error', reject);
        req.pipe(bb);
      });
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    return { body: text ? JSON.parse(text) : null, files: [] };
  }

  private json(res: ServerResponse, status: number, payload: unknown) {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(payload));
  }

  private message(channelId: string, body: Record<string, unknown> | null, files: Request['files']) {
    return {
      id: this.id(),
      channel_id: channelId,
      type: 20,
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      attachments: files.map((f, i) => ({ id: String(i), filename: f.filename, size: f.data.length, url: `https://cdn.example/${f.filename}`, proxy_url: '' })),
      author: { id: BOT_ID, username: 'CarryBot', discriminator: '0', bot: true, avatar: null },
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      pinned: false,
      flags: 0,
      components: [],
    };
  }

  private async handle(req: IncomingMessage, res: ServerResponse) {
    const url = new URL(req.url ?? '/', 'http://x');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const { body, files } = await this.read(req);
    this.requests.push({ method: req.method ?? 'GET', path, body, files, at: Date.now() });
    const method = req.method ?? 'GET';
    if (method === 'GET' && path === '/gateway/bot') {
      return this.json(res, 200, { url: `ws://127.0.0.1:${this.port}`, shards: this.recommendedShards, session_start_limit: { total: 1000, remaining: 1000, reset_after: 0, max_concurrency: 1 } });
    }
    const cmds = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (cmds) {
      const scope = cmds[2] ?? 'global';
      if (method === 'PUT') {
        const list = ((body as unknown as Array<Record<string, unknown>>) ?? []).map((c) => ({ ...c, id: this.id(), application_id: APP_ID, version: this.id(), type: 1, ...(cmds[2] ? { guild_id: cmds[2] } : {}) }));
        this.commands.set(scope, list);
        return this.json(res, 200, list);
      }
      return this.json(res, 200, this.commands.get(scope) ?? []);
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      if (this.callbackDelayMs) await new Promise((r) => setTimeout(r, this.callbackDelayMs));
      res.writeHead(204);
      return res.end();
    }
    const post = /^\/channels\/(\d+)\/messages$/.exec(path);
    if (post && method === 'POST') {
      if (this.missingChannels.has(post[1]!)) return this.json(res, 404, { message: 'Unknown Channel', code: 10003 });
      if (this.holdingPosts) {
        this.heldPosts++;
        const gone = await new Promise<boolean>((resolve) => {
          this.releasePosts.push(() => resolve(false));
          res.on('close', () => resolve(true));
        });
        if (gone) {
          this.droppedPosts++;
          return;
        }
      }
      const fault = this.postFaults.shift();
      if (fault) return this.json(res, fault, { message: `HTTP ${fault}`, code: 0 });
      this.delivered.set(post[1]!, (this.delivered.get(post[1]!) ?? 0) + 1);
      return this.json(res, 200, this.message(post[1]!, body, files));
    }
    const hook = /^\/webhooks\/(\d+)\/([^/]+)(\/messages\/@original)?$/.exec(path);
    if (hook) return this.json(res, 200, this.message('500000000000000001', body, files));
    if (method === 'GET' && path === '/users/@me') {
      return this.json(res, 200, { id: BOT_ID, username: 'CarryBot', discriminator: '0', bot: true, avatar: null });
    }
    return this.json(res, 404, { message: 'Unknown route', code: 0 });
  }
}
