import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Running } from '../../src/bots/running.js';
import { startTelegram } from '../../src/bots/telegram/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { CJK, dataset, NOW } from '../helpers.js';

const fake = new FakeTelegram();
let store: StateStore;
let running: Running;

beforeAll(async () => {
  const apiRoot = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-tgtext-')) });
  running = await startTelegram(
    { token: '6161:AAE_text-test-token_abcdefghijklmnopq', apiRoot, dataset: dataset(), settings: new KeyvSettings(store), renderer: new ChartRenderer(), logger: silentLogger(), now: () => NOW, onHandled: fake.handled },
    { timeout: 1 },
  );
});
afterAll(async () => {
  await running?.stop();
  await fake.close();
  await store?.close();
});

const to = (method: string, chatId: number) => fake.ok(method).filter((c) => Number(c.params.chat_id) === chatId);

/** A group message, optionally mentioning the bot or replying to one of its messages. */
function groupMessage(text: string, o: { chatId: number; userId: number; mention?: boolean; replyToBot?: boolean }): number {
  const mention = '@CarryTestBot';
  return fake.push({
    message: {
      message_id: 9000 + o.userId,
      date: 1,
      chat: { id: o.chatId, type: 'supergroup', title: 'Macro chat' },
      from: { id: o.userId, is_bot: false, first_name: 'M', language_code: 'en' },
      text,
      entities: o.mention ? [{ type: 'mention', offset: text.indexOf(mention), length: mention.length }] : [],
      ...(o.replyToBot ? { reply_to_message: { message_id: 1, date: 1, chat: { id: o.chatId, type: 'supergroup', title: 'Macro chat' }, from: fake.botInfo, text: 'earlier answer' } } : {}),
    },
  });
}

describe('Telegram: questions in plain words', () => {
  test('GIVEN 利差1.5会怎样 in a private chat from an English client THEN the /carry 1.5 answer, in Chinese, naming the short form', async () => {
    const id = fake.message('利差1.5会怎样', { userId: 7101, lang: 'en' });
    await fake.processed(id);
    const caption = String(to('sendPhoto', 7101)[0]!.params.caption);
    expect(caption).toMatch(CJK);
    expect(caption).toContain('1.2 万亿美元');
    expect(caption.split('\n').at(-1)).toBe('→ /carry 1.5');
  });

  test('GIVEN a group mention and a reply to the bot THEN both are answered; chatter that does not address it is not', async () => {
    const a = groupMessage('@CarryTestBot what if the spread is 1.5?', { chatId: -7200, userId: 7201, mention: true });
    const b = groupMessage('what about a spread of 1.2?', { chatId: -7200, userId: 7202, replyToBot: true });
    const c = groupMessage('the spread is 1.5 today, carry trade is done', { chatId: -7200, userId: 7203 });
    await fake.processed(a, b, c);
    const captions = to('sendPhoto', -7200).map((p) => String(p.params.caption));
    expect(captions).toHaveLength(2);
    expect(captions.some((x) => x.startsWith('<b>At a 1.5pp spread'))).toBe(true);
    expect(captions.some((x) => x.startsWith('<b>At a 1.2pp spread'))).toBe(true);
    expect(to('sendMessage', -7200)).toHaveLength(0);
  });

  test('GIVEN text with no reading THEN a hint with two examples, never a slash the user did not type', async () => {
    const id = fake.message('hello there', { userId: 7301, lang: 'en' });
    await fake.processed(id);
    const text = String(to('sendMessage', 7301)[0]!.params.text);
    expect(text).toContain('Try “');
    expect(text).not.toContain('/hello');
  });

  test('GIVEN a bare number THEN buttons with the likeliest readings; a tap answers that reading as a new message', async () => {
    const id = fake.message('1.2?', { userId: 7401, lang: 'en' });
    await fake.processed(id);
    const asked = to('sendMessage', 7401)[0]!;
    expect(String(asked.params.text)).toBe('<b>Which did you mean? /carry 1.2 · /neutral 1.2</b>');
    const rows = (asked.params.reply_markup as { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> }).inline_keyboard;
    expect(rows.map((r) => r[0]!.text)).toEqual(['/carry 1.2', '/neutral 1.2']);
    const tap = fake.tap(rows[1]![0]!.callback_data, { chatId: 7401, messageId: Number(fake.ok('sendMessage').length), lang: 'en' });
    await fake.processed(tap);
    expect(String(to('sendPhoto', 7401)[0]!.params.caption)).toMatch(/^<b>At 1.2% the BOJ is neutral/);
  });

  test('GIVEN a forged choice payload THEN it is refused, nothing runs', async () => {
    const tap = fake.tap('a1|settings lang zh', { chatId: 7402, messageId: 1, lang: 'en' });
    const forged = fake.tap('a1|carry 1.5; rm -rf', { chatId: 7402, messageId: 1, lang: 'en' });
    await fake.processed(tap, forged);
    expect(to('sendPhoto', 7402)).toHaveLength(0);
    expect(await new KeyvSettings(store).get('tg:7402')).toEqual({});
  });
});
