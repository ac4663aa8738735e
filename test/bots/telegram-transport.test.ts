/**
 * The Bot API transport (bots/telegram/transport.ts) with real grammY against the fake Bot API:
 * every message-sending call takes a slot from the pacer right before it leaves — a 429's retry
 * takes a second slot, the calls that send nothing take none.
 */
import { Api } from 'grammy';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { LocalWindows, Pacer } from '../../src/briefings/pacing.js';
import { BULK, bulkMark, installTransport } from '../../src/bots/telegram/transport.js';
import { FakeTelegram } from '../fakes/telegram.js';

const fake = new FakeTelegram();
let apiRoot: string;
beforeAll(async () => {
  apiRoot = await fake.start();
});
afterAll(() => fake.close());

describe('Telegram transport: pacing inside auto-retry', () => {
  test('GIVEN a 429 on a message THEN its retry is paced too (two slots), and getMe takes none', async () => {
    const pacer = new Pacer(new LocalWindows());
    const api = new Api('777:AAE_transport-test_abcdefghijklmnopqrstuvw', { apiRoot });
    installTransport(api, { maxRetryAttempts: 3, pacing: { pacer, perSecond: 29, prefix: 'pace' } });
    fake.fail('sendMessage', { status: 429, description: 'Too Many Requests: retry after 1', retryAfter: 1, chatId: 4201 });
    await api.sendMessage(4201, 'hello');
    expect(fake.calls.filter((c) => c.method === 'sendMessage' && Number(c.params.chat_id) === 4201).map((c) => c.status)).toEqual([429, 200]);
    expect(pacer.stats.granted).toBe(2);
    await api.getMe();
    expect(pacer.stats.granted).toBe(2);
  });

  test('GIVEN a broadcast queued for the window WHEN a reply is sent THEN it overtakes the broadcast, and the mark never reaches Telegram', async () => {
    const pacer = new Pacer(new LocalWindows());
    const api = new Api('778:AAE_transport-test_abcdefghijklmnopqrstuvw', { apiRoot });
    installTransport(api, { maxRetryAttempts: 3, pacing: { pacer, perSecond: 20, prefix: 'pace' } });
    const order: number[] = [];
    fake.onCall = (method, params) => {
      if (method === 'sendMessage') order.push(Number(params.chat_id));
    };
    try {
      // 20 briefings at 20/s: about a second of queue.
      const briefings = Array.from({ length: 20 }, (_, i) => api.sendMessage(5100 + i, `briefing ${i}`, { parse_mode: 'HTML', ...bulkMark }));
      await new Promise((r) => setTimeout(r, 120));
      await api.sendMessage(5099, 'your answer');
      await Promise.all(briefings);
    } finally {
      fake.onCall = null;
    }
    const reply = order.indexOf(5099);
    expect(reply).toBeGreaterThan(0);
    expect(reply).toBeLessThan(8); // not after the 20 queued before it
    const sent = fake.calls.filter((c) => c.method === 'sendMessage' && Number(c.params.chat_id) >= 5099 && Number(c.params.chat_id) < 5120);
    expect(sent).toHaveLength(21);
    // What Telegram received: its own fields only.
    for (const c of sent) expect(Object.keys(c.params).sort()).toEqual(Number(c.params.chat_id) === 5099 ? ['chat_id', 'text'] : ['chat_id', 'parse_mode', 'text']);
    expect(BULK in (sent[0]!.params as object)).toBe(false);
  });
});
