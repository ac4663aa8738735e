import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LIMIT_DEFAULTS, Limits } from '../../src/bots/limits.js';
import { decodePayload } from '../../src/bots/telegram/deeplink.js';
import type { Running } from '../../src/bots/running.js';
import { startTelegram } from '../../src/bots/telegram/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { formatter } from '../../src/commands/format.js';
import { createLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { CJK, dataset, NOW } from '../helpers.js';

const TOKEN = '123456789:AAE_fake-token-for-tests-only_abcdefgh';
const fake = new FakeTelegram();
let running: Running;
let store: StateStore;
const logs: string[] = [];

beforeAll(async () => {
  const apiRoot = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-tg-')) });
  const destination = new Writable({ write: (chunk, _enc, done) => (logs.push(String(chunk)), done()) });
  running = await startTelegram(
    {
      token: TOKEN,
      apiRoot,
      dataset: dataset(),
      settings: new KeyvSettings(store),
      renderer: new ChartRenderer(),
      logger: createLogger({ level: 'debug', secrets: [TOKEN], destination }),
      now: () => NOW,
      // The product's limits on a clock that stands still: no bucket refills while a slow machine renders.
      limits: new Limits(LIMIT_DEFAULTS.user, () => NOW.getTime()),
      chatLimits: new Limits(LIMIT_DEFAULTS.chat, () => NOW.getTime()),
      onHandled: fake.handled,
    },
    { timeout: 1 },
  );
});

afterAll(async () => {
  await running?.stop();
  await fake.close();
  await store?.close();
});

const photosTo = (chatId: number) => fake.ok('sendPhoto').filter((c) => Number(c.params.chat_id) === chatId);
const messagesTo = (chatId: number) => fake.ok('sendMessage').filter((c) => Number(c.params.chat_id) === chatId);

describe('Telegram adapter (real grammY against a fake Bot API)', () => {
  test('GIVEN start-up THEN the command menu is registered for the default list and for zh, names ASCII', async () => {
    await fake.waitFor(() => fake.ok('setMyCommands').length >= 2);
    const [plain, zh] = [fake.ok('setMyCommands').find((c) => !c.params.language_code), fake.ok('setMyCommands').find((c) => c.params.language_code === 'zh')];
    const names = (c: typeof plain) => (c!.params.commands as Array<{ command: string; description: string }>);
    expect(names(plain).map((c) => c.command)).toContain('carry');
    expect(names(zh).every((c) => /^[a-z0-9_]+$/.test(c.command))).toBe(true);
    expect(names(zh).find((c) => c.command === 'carry')!.description).toMatch(CJK);
    expect(names(plain).find((c) => c.command === 'carry')!.description).not.toMatch(CJK);
  });

  test('GIVEN /carry 1.5 from a zh user THEN one sendPhoto with a PNG and a Chinese HTML caption', async () => {
    fake.message('/carry 1.5', { userId: 1001, lang: 'zh-hans' });
    await fake.waitFor(() => photosTo(1001).length === 1);
    const call = photosTo(1001)[0]!;
    const attach = String(call.params.photo).replace('attach://', '');
    expect(call.files[attach]!.subarray(1, 4).toString()).toBe('PNG');
    expect(call.params.parse_mode).toBe('HTML');
    expect(String(call.params.caption)).toContain('<b>利差收窄至 1.5 个百分点时，日元套息平仓 1.2 万亿美元');
    expect(String(call.params.caption)).toContain('实测预设');
    expect(fake.ok('sendChatAction').some((c) => Number(c.params.chat_id) === 1001 && c.params.action === 'upload_photo')).toBe(true);
  });

  test('GIVEN the same chart again THEN it goes by file_id, not a second upload', async () => {
    fake.message('/carry 1.5', { userId: 1001, lang: 'zh' });
    await fake.waitFor(() => photosTo(1001).length === 2);
    const [first, second] = photosTo(1001);
    const uploaded = (first!.result as { photo: Array<{ file_id: string }> }).photo.at(-1)!.file_id;
    expect(String(first!.params.photo)).toMatch(/^attach:\/\//);
    expect(Object.keys(second!.files)).toHaveLength(0);
    expect(second!.params.photo).toBe(uploaded);
  });

  test('GIVEN a bad argument THEN a localized one-line error message, HTML-escaped', async () => {
    fake.message('/carry <b>9</b>', { userId: 1002, lang: 'en' });
    fake.message('/neutral 11', { userId: 1003, lang: 'zh-CN' });
    await fake.waitFor(() => messagesTo(1002).length === 1 && messagesTo(1003).length === 1);
    expect(messagesTo(1002)[0]!.params.text).toBe('<b>Spread “&lt;b&gt;9&lt;/b&gt;” is not a number: give 0pp to 6pp, e.g. /carry 1.5</b>');
    expect(String(messagesTo(1003)[0]!.params.text)).toContain('超出范围');
  });

  test('GIVEN a 429 on sendPhoto THEN the bot waits retry_after and exactly one photo is delivered', async () => {
    fake.fail('sendPhoto', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1 });
    await fake.processed(fake.message('/neutral 1.1', { userId: 1004 }));
    expect(fake.calls.filter((c) => c.method === 'sendPhoto' && Number(c.params.chat_id) === 1004).map((c) => c.status)).toEqual([429, 200]);
    expect(photosTo(1004)).toHaveLength(1);
  });

  test('GIVEN a 500 on sendMessage THEN it is retried and the answer arrives', async () => {
    fake.fail('sendMessage', { status: 500, description: 'Internal Server Error' });
    fake.message('/events', { userId: 1005 });
    await fake.waitFor(() => messagesTo(1005).length === 1, 15_000);
    expect(String(messagesTo(1005)[0]!.params.text)).toContain('FOMC');
  });

  test('GIVEN sendPhoto failing with a 502 THEN the text answer still arrives, with a note that the chart could not be sent', async () => {
    fake.fail('sendPhoto', { status: 502, description: 'Bad Gateway', chatId: 1095 }, 10);
    fake.message('/carry 1.35', { userId: 1095 });
    await fake.waitFor(() => messagesTo(1095).length === 1, 30_000);
    const text = String(messagesTo(1095)[0]!.params.text);
    expect(text).toMatch(/^<b>At a 1.35pp spread, /);
    expect(text.split('\n').at(-1)).toBe('(The chart could not be sent this time; the figures above stand.)');
    expect(photosTo(1095)).toHaveLength(0);
  });

  test('GIVEN an inline query THEN a short answer with a deep link that opens the full answer and chart', async () => {
    fake.push({ inline_query: { id: 'iq1', from: { id: 1006, is_bot: false, first_name: 'B', language_code: 'en' }, query: 'carry 1.25', offset: '' } });
    await fake.waitFor(() => fake.ok('answerInlineQuery').length === 1);
    const results = fake.ok('answerInlineQuery')[0]!.params.results as Array<{ title: string; reply_markup: { inline_keyboard: Array<Array<{ url: string }>> } }>;
    expect(results[0]!.title).toMatch(/^At a 1.25pp spread/);
    const url = results[0]!.reply_markup.inline_keyboard[0]![0]!.url;
    const payload = new URL(url).searchParams.get('start')!;
    expect(url.startsWith('https://t.me/CarryTestBot?start=')).toBe(true);
    expect(decodePayload(payload)).toBe('/carry 1.25');
    fake.message(`/start ${payload}`, { userId: 1006, lang: 'en' });
    await fake.waitFor(() => photosTo(1006).length === 1);
    expect(String(photosTo(1006)[0]!.params.caption)).toContain('At a 1.25pp spread');
  });

  test('GIVEN an inline /settings or /subscribe THEN it is refused as read-only and nothing is stored', async () => {
    const inline = (id: string, query: string) => fake.push({ inline_query: { id, from: { id: 1090, is_bot: false, first_name: 'I', language_code: 'en' }, query, offset: '' } });
    inline('iq-set', 'settings lang zh');
    inline('iq-sub', '/subscribe 07:00 Asia/Tokyo');
    await fake.waitFor(() => fake.ok('answerInlineQuery').filter((c) => ['iq-set', 'iq-sub'].includes(String(c.params.inline_query_id))).length === 2);
    for (const id of ['iq-set', 'iq-sub']) {
      const call = fake.ok('answerInlineQuery').find((c) => c.params.inline_query_id === id)!;
      const results = call.params.results as Array<{ title: string }>;
      expect(results).toHaveLength(1);
      expect(results[0]!.title).toMatch(/^\/(settings|subscribe) changes a chat’s settings, so it is not available inline/);
    }
    expect(await new KeyvSettings(store).get('tg:1090')).toEqual({});
  });

  test('GIVEN a flood of inline queries from one user THEN past the per-user limit they get no results', async () => {
    for (let n = 0; n < 8; n++) fake.push({ inline_query: { id: `iq-flood-${n}`, from: { id: 1091, is_bot: false, first_name: 'F', language_code: 'en' }, query: `carry 1.${n}`, offset: '' } });
    const answered = () => fake.ok('answerInlineQuery').filter((c) => String(c.params.inline_query_id).startsWith('iq-flood-'));
    await fake.waitFor(() => answered().length === 8);
    const counts = Array.from({ length: 8 }, (_, n) => (answered().find((c) => c.params.inline_query_id === `iq-flood-${n}`)!.params.results as unknown[]).length);
    expect(counts).toEqual([1, 1, 1, 1, 1, 1, 0, 0]);
  });

  test('GIVEN a forged deep link THEN a greeting, not a command', async () => {
    await fake.processed(fake.message('/start Zm9vYmFy!!', { userId: 1007 }));
    expect(messagesTo(1007).map((c) => c.params.text)).toEqual([formatter('en').t('telegram.welcome')]);
    expect(photosTo(1007)).toHaveLength(0);
  });

  test('GIVEN a group THEN only commands addressed to this bot are answered', async () => {
    const other = fake.message('/carry@OtherBot 1.5', { chatId: -500, chatType: 'supergroup', userId: 1008 });
    const chat = fake.message('just chatting about yen', { chatId: -500, chatType: 'supergroup', userId: 1008 });
    const ours = fake.message('/carry@CarryTestBot 1.25', { chatId: -500, chatType: 'supergroup', userId: 1008 });
    await fake.processed(other, chat, ours);
    expect(photosTo(-500)).toHaveLength(1);
    expect(messagesTo(-500)).toHaveLength(0);
    expect(String(photosTo(-500)[0]!.params.caption)).toContain('1.25pp');
  });

  test('GIVEN /settings in a group THEN members are refused, admins and anonymous admins may change it', async () => {
    fake.members.set('-600:2001', 'administrator');
    fake.message('/settings lang zh', { chatId: -600, chatType: 'supergroup', userId: 2002 });
    await fake.waitFor(() => messagesTo(-600).length === 1);
    expect(String(messagesTo(-600)[0]!.params.text)).toContain('only its admins');
    fake.message('/settings lang zh', { chatId: -600, chatType: 'supergroup', userId: 2001 });
    await fake.waitFor(() => messagesTo(-600).length === 2);
    expect(String(messagesTo(-600)[1]!.params.text)).toContain('已保存：语言改为中文');
    fake.message('/settings preset article', { chatId: -600, chatType: 'supergroup', userId: 1087968824, senderChat: { id: -600, type: 'supergroup', title: 'Macro chat' } });
    await fake.waitFor(() => messagesTo(-600).length === 3);
    expect(String(messagesTo(-600)[2]!.params.text)).toContain('预设改为原文');
    fake.message('/carry 1.5', { chatId: -600, chatType: 'supergroup', userId: 2002, lang: 'en' });
    await fake.waitFor(() => photosTo(-600).length === 1);
    expect(String(photosTo(-600)[0]!.params.caption)).toContain('原文预设');
  });

  test('GIVEN a failure while answering THEN the user gets a localized apology, and the error is logged', async () => {
    fake.fail('sendPhoto', { status: 400, description: 'Bad Request: PHOTO_INVALID_DIMENSIONS' });
    fake.message('/debt 2 7', { userId: 1009, lang: 'zh' });
    await fake.waitFor(() => messagesTo(1009).length === 1);
    expect(messagesTo(1009)[0]!.params.text).toBe('出了点问题，请稍后再试');
    expect(logs.join('')).toContain('PHOTO_INVALID_DIMENSIONS');
  });

  test('GIVEN messages from another bot, and an over-long line THEN the bot ignores the bot and refuses the line in one sentence', async () => {
    const fromBot = fake.push({ message: { message_id: 1, date: 1, chat: { id: 1010, type: 'private' }, from: { id: 1010, is_bot: true, first_name: 'Echo' }, text: '/carry 1.5', entities: [{ type: 'bot_command', offset: 0, length: 6 }] } });
    const long = fake.message(`/carry ${'1'.repeat(600)}`, { userId: 1011 });
    await fake.processed(fromBot, long);
    expect(messagesTo(1011).map((c) => c.params.text)).toEqual(['<b>That is too long for a command (512 characters at most), e.g. /carry 1.5</b>']);
    expect([...photosTo(1010), ...messagesTo(1010)]).toHaveLength(0);
  });

  test('GIVEN an edited message or a channel post with a command THEN no answer (they are not requests)', async () => {
    const msg = { message_id: 77, date: 1, chat: { id: 1012, type: 'private' }, from: { id: 1012, is_bot: false, first_name: 'A' }, text: '/carry 1.5', entities: [{ type: 'bot_command', offset: 0, length: 6 }], edit_date: 2 };
    const edited = fake.push({ edited_message: msg });
    const post = fake.push({ channel_post: { ...msg, chat: { id: -1013, type: 'channel', title: 'News' }, from: undefined } });
    const about = fake.message('/about', { userId: 1012 });
    await fake.processed(edited, post, about);
    expect(messagesTo(1012)).toHaveLength(1);
    expect(photosTo(1012)).toHaveLength(0);
    expect([...photosTo(-1013), ...messagesTo(-1013)]).toHaveLength(0);
  });

  test('GIVEN a group flooded by many members THEN the chat`s shared budget caps the replies', async () => {
    const ids = Array.from({ length: 16 }, (_, u) => fake.message(`/neutral ${1 + u / 100}`, { chatId: -900, chatType: 'supergroup', userId: 5000 + u }));
    await fake.processed(...ids);
    // The group's burst is 10; the clock stands still, so nothing refills: 10 answers, and silence for the rest.
    expect(photosTo(-900)).toHaveLength(LIMIT_DEFAULTS.chat.burst);
    expect(messagesTo(-900)).toHaveLength(0);
  });

  test('GIVEN everything above THEN the logs never contain the bot token', () => {
    const all = logs.join('');
    expect(all.length).toBeGreaterThan(0);
    expect(all).not.toContain(TOKEN);
    expect(all).not.toContain(TOKEN.split(':')[1]);
  });
});
