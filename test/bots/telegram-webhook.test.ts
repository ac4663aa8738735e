import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTelegram } from '../../src/bots/telegram/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { request } from 'node:http';
import { Writable } from 'node:stream';
import { createLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { CJK, dataset, NOW } from '../helpers.js';

const fake = new FakeTelegram();
const logs: string[] = [];
const logger = createLogger({ level: 'debug', destination: new Writable({ write: (c, _e, done) => (logs.push(String(c)), done()) }) });
const SECRET = 'wh_S3cret-value';
let store: StateStore;
let a: Awaited<ReturnType<typeof startTelegram>>;
let b: Awaited<ReturnType<typeof startTelegram>>;

beforeAll(async () => {
  const apiRoot = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-wh-')) });
  const deps = { token: '5150:AAE_webhook-test-token_abcdefghijklmnop', apiRoot, dataset: dataset(), settings: new KeyvSettings(store), renderer: new ChartRenderer(), logger, now: () => NOW, onHandled: fake.handled };
  const webhook = { url: 'https://bot.example.com/telegram/hook', secret: SECRET, port: 0, host: '127.0.0.1' };
  a = await startTelegram(deps, {}, webhook);
  b = await startTelegram(deps, {}, webhook);
});
afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await fake.close();
  await store?.close();
});

let nextUpdate = 1;
function update(text: string, chatId: number, lang = 'en') {
  return {
    update_id: nextUpdate++,
    message: { message_id: nextUpdate, date: 1, chat: { id: chatId, type: 'private', first_name: 'A' }, from: { id: chatId, is_bot: false, first_name: 'A', language_code: lang }, text, entities: [{ type: 'bot_command', offset: 0, length: text.split(' ')[0]!.length }] },
  };
}
const post = (port: number, body: unknown, headers: Record<string, string> = { 'x-telegram-bot-api-secret-token': SECRET }, path = '/telegram/hook') =>
  fetch(`http://127.0.0.1:${port}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
const photos = (chatId: number) => fake.ok('sendPhoto').filter((c) => Number(c.params.chat_id) === chatId);
const texts = (chatId: number) => fake.ok('sendMessage').filter((c) => Number(c.params.chat_id) === chatId);

describe('Telegram webhook mode', () => {
  test('GIVEN start-up THEN setWebhook registers the URL with the secret', () => {
    // One call per instance, both with the URL and the secret.
    const calls = fake.ok('setWebhook');
    expect(calls).toHaveLength(2);
    for (const c of calls) expect(c.params).toMatchObject({ url: 'https://bot.example.com/telegram/hook', secret_token: SECRET });
  });

  test('GIVEN an update with the right secret THEN it is answered', async () => {
    const res = await post(a.port!, update('/carry 1.5', 8101));
    expect(res.status).toBe(200);
    await fake.waitFor(() => photos(8101).length === 1);
    expect(String(photos(8101)[0]!.params.caption)).toContain('$1.2T');
  });

  test.each([
    ['a wrong secret', { 'x-telegram-bot-api-secret-token': 'guess' }],
    ['no secret', {} as Record<string, string>],
  ])('GIVEN %s THEN 401 and nothing is answered', async (_name, headers) => {
    const u = update('/carry 1.5', 8102);
    const res = await post(a.port!, u, headers);
    expect(res.status).toBe(401);
    // The webhook answers only after the bot has handled an update; a 401 means it never reached the bot.
    expect(fake.handledIds.has(u.update_id)).toBe(false);
    const next = update('/about', 8102);
    expect((await post(a.port!, next)).status).toBe(200);
    expect(fake.handledIds.has(next.update_id)).toBe(true);
    expect(photos(8102)).toHaveLength(0);
  });

  test('GIVEN another path or method THEN 404', async () => {
    expect((await post(a.port!, update('/about', 8103), undefined, '/elsewhere')).status).toBe(404);
    expect((await fetch(`http://127.0.0.1:${a.port}/telegram/hook`)).status).toBe(404);
  });

  test('GIVEN two instances behind a load balancer THEN a setting made through one is used by the other', async () => {
    await post(a.port!, update('/settings lang zh', 8104));
    await fake.waitFor(() => texts(8104).length === 1);
    await post(b.port!, update('/carry 1.5', 8104, 'en'));
    await fake.waitFor(() => photos(8104).length === 1);
    expect(String(photos(8104)[0]!.params.caption)).toMatch(CJK);
  });

  test('GIVEN a 5 MB body with the right secret THEN 413, and the instance still answers', async () => {
    const body = JSON.stringify({ update_id: nextUpdate++, filler: 'x'.repeat(5_000_000) });
    const res = await fetch(`http://127.0.0.1:${a.port}/telegram/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
    expect(res.status).toBe(413);
    await post(a.port!, update('/carry 1.5', 8105));
    await fake.waitFor(() => photos(8105).length === 1);
  });

  test('GIVEN a 5 MB chunked body (no length given) with the right secret THEN 413 once 1 MB is passed', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: a.port, path: '/telegram/hook', method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      const chunk = 'x'.repeat(64 * 1024);
      let sent = 0;
      const pump = (): void => {
        while (sent < 80) {
          sent += 1;
          if (!req.write(chunk)) return void req.once('drain', pump);
        }
        req.end();
      };
      pump();
    });
    expect(status).toBe(413);
  });

  test('GIVEN malformed JSON with the right secret THEN 400, logged once', async () => {
    const before = logs.length;
    const res = await fetch(`http://127.0.0.1:${a.port}/telegram/hook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: '{"update_id": 1, "message": {' });
    expect(res.status).toBe(400);
    const lines = logs.slice(before).filter((l) => l.includes('telegram webhook'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"status":400');
  });
});
