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
import { dataset, NOW } from '../helpers.js';

const fake = new FakeTelegram();
let store: StateStore;
let running: Running;

beforeAll(async () => {
  const apiRoot = await fake.start();
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-studio-btn-')) });
  running = await startTelegram(
    { token: '6262:AAE_studio-button-token_abcdefghijklm', apiRoot, dataset: dataset(), settings: new KeyvSettings(store), renderer: new ChartRenderer(), logger: silentLogger(), now: () => NOW, onHandled: fake.handled, publicUrl: 'https://bot.example.com' },
    { timeout: 1 },
  );
});
afterAll(async () => {
  await running?.stop();
  await fake.close();
  await store?.close();
});

type Keyboard = { inline_keyboard: Array<Array<{ text: string; web_app?: { url: string }; url?: string; callback_data?: string }>> };
const keyboardTo = (method: string, chatId: number) => fake.ok(method).find((c) => Number(c.params.chat_id) === chatId)?.params.reply_markup as Keyboard | undefined;

describe('Telegram with PUBLIC_URL: the studio button', () => {
  test('GIVEN a what-if in a private chat THEN a web_app button opens the studio on that scenario, under the nudges', async () => {
    await fake.processed(fake.message('/carry 1.5', { userId: 7501, lang: 'en' }));
    const rows = keyboardTo('sendPhoto', 7501)!.inline_keyboard;
    expect(rows[0]!.every((b) => typeof b.callback_data === 'string')).toBe(true);
    const studio = rows.at(-1)![0]!;
    expect(studio.web_app?.url).toMatch(/^https:\/\/bot\.example\.com\/studio\?/);
    expect(decodeURIComponent(studio.web_app!.url)).toContain('/carry');
  });

  test('GIVEN a what-if in a group THEN the same page as a link (web_app buttons are private-only)', async () => {
    await fake.processed(fake.message('/neutral 0.75', { chatId: -7502, chatType: 'supergroup', userId: 7502, lang: 'en' }));
    const studio = keyboardTo('sendPhoto', -7502)!.inline_keyboard.at(-1)![0]!;
    expect(studio.url).toMatch(/^https:\/\/bot\.example\.com\/studio\?/);
    expect(studio.web_app).toBeUndefined();
  });

  test('GIVEN an answer that is not a what-if THEN no studio button', async () => {
    await fake.processed(fake.message('/events', { userId: 7503, lang: 'en' }));
    expect(keyboardTo('sendMessage', 7503)).toBeUndefined();
  });
});
