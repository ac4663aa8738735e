import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { Limits } from '../../src/bots/limits.js';
import type { Running } from '../../src/bots/running.js';
import { startTelegram } from '../../src/bots/telegram/index.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { silentLogger } from '../../src/log.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { dataset, NOW } from '../helpers.js';

const fake = new FakeTelegram();
let running: Running;
let store: StateStore;

beforeAll(async () => {
  const apiRoot = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-tgn-')) });
  running = await startTelegram(
    { token: '4242:AAE_nudge-test-token_abcdefghijklmnopq', apiRoot, dataset: dataset(), settings: new KeyvSettings(store), renderer: new ChartRenderer(), logger: silentLogger(), now: () => NOW, limits: new Limits({ burst: 8, perMinute: 30 }, () => NOW.getTime()), onHandled: fake.handled },
    { timeout: 1 },
  );
});
afterAll(async () => {
  await running?.stop();
  await fake.close();
  await store?.close();
});

type Keyboard = { inline_keyboard: Array<Array<{ text: string; callback_data: string }>> };
const photo = (chatId: number) => fake.ok('sendPhoto').filter((c) => Number(c.params.chat_id) === chatId);
const edits = (chatId: number) => fake.ok('editMessageMedia').filter((c) => Number(c.params.chat_id) === chatId);
const answers = (id: string) => fake.ok('answerCallbackQuery').filter((c) => c.params.callback_query_id === id);

async function carry(chatId: number, lang = 'en') {
  fake.message('/carry 1.5', { userId: chatId, lang });
  await fake.waitFor(() => photo(chatId).length === 1);
  const sent = photo(chatId)[0]!;
  return { messageId: (sent.result as { message_id: number }).message_id, keyboard: sent.params.reply_markup as Keyboard };
}

describe('Telegram nudge buttons', () => {
  test('GIVEN /carry 1.5 THEN the photo carries a row of nudges and the preset switch', async () => {
    const { keyboard } = await carry(3001);
    expect(keyboard.inline_keyboard[0]!.map((b) => b.text)).toEqual(['−0.25pp', '−0.1pp', '+0.1pp', '+0.25pp', 'Commentary figures']);
    expect(keyboard.inline_keyboard[0]!.every((b) => Buffer.byteLength(b.callback_data) <= 64)).toBe(true);
  });

  test('GIVEN a tap on +0.1pp THEN the same message is edited with a new PNG and 1.6pp in its caption, and the tap is answered', async () => {
    const { messageId, keyboard } = await carry(3002);
    const id = fake.tap(keyboard.inline_keyboard[0]![2]!.callback_data, { chatId: 3002, messageId, lang: 'en' });
    await fake.waitFor(() => edits(3002).length === 1 && answers(id).length === 1);
    const edit = edits(3002)[0]!;
    expect(Number(edit.params.message_id)).toBe(messageId);
    const media = edit.params.media as { media: string; caption: string };
    expect(edit.files[media.media.replace('attach://', '')]!.subarray(1, 4).toString()).toBe('PNG');
    expect(media.caption).toContain('At a 1.6pp spread');
    expect((edit.params.reply_markup as Keyboard).inline_keyboard[0]![2]!.callback_data).toBe('n1|carry|o|1.6|2');
    expect(photo(3002)).toHaveLength(1);
  });

  test('GIVEN a forged payload THEN a short localized notice and no edit', async () => {
    const { messageId } = await carry(3003, 'zh');
    const id = fake.tap('n1|carry|o|99|2', { chatId: 3003, messageId, lang: 'zh' });
    await fake.processed(id);
    expect(answers(id).map((a) => a.params.text)).toEqual(['这个按钮已失效，请重新发送命令']);
    expect(edits(3003)).toHaveLength(0);
  });

  test('GIVEN the preset switch THEN the other preset`s figures', async () => {
    const { messageId, keyboard } = await carry(3004);
    fake.tap(keyboard.inline_keyboard[0]!.at(-1)!.callback_data, { chatId: 3004, messageId });
    await fake.waitFor(() => edits(3004).length === 1);
    const caption = (edits(3004)[0]!.params.media as { caption: string }).caption;
    expect(caption).toContain('article preset');
    expect(caption).toContain('109%');
  });

  test('GIVEN a nudge past the bound THEN it stops at the bound with a notice; at the bound, a notice and no edit', async () => {
    fake.message('/carry 0.05', { userId: 3005 });
    await fake.waitFor(() => photo(3005).length === 1);
    const messageId = (photo(3005)[0]!.result as { message_id: number }).message_id;
    const first = fake.tap('n1|carry|o|0.05|0', { chatId: 3005, messageId });
    await fake.waitFor(() => answers(first).length === 1 && edits(3005).length === 1);
    expect(answers(first)[0]!.params.text).toBe('Stopped at the lower bound, 0pp');
    expect((edits(3005)[0]!.params.media as { caption: string }).caption).toContain('At a 0pp spread');
    const second = fake.tap('n1|carry|o|0|0', { chatId: 3005, messageId });
    await fake.processed(second);
    expect(answers(second).map((a) => a.params.text)).toEqual(['Already at the lower bound, 0pp']);
    expect(edits(3005)).toHaveLength(1);
  });

  test('GIVEN taps faster than the per-user limit THEN one "slow down", then silence; every tap is still answered', async () => {
    const { messageId } = await carry(3006);
    const ids = Array.from({ length: 14 }, (_, i) => fake.tap(`n1|neutral|o|${1 + i / 100}|1`, { chatId: 3006, messageId }));
    await fake.processed(...ids);
    expect(ids.map((id) => answers(id).length)).toEqual(ids.map(() => 1));
    // Burst 8 on a clock that stands still: /carry took one, so 7 taps edit, the 8th hears "slow down", the last 6 get a silent answer.
    const notices = ids.map((id) => answers(id)[0]!.params.text ?? null);
    expect(notices.filter((n) => n === null)).toHaveLength(7 + 6);
    expect(notices.filter((n) => String(n).startsWith('Slow down'))).toHaveLength(1);
    expect(edits(3006)).toHaveLength(7);
  });
});
