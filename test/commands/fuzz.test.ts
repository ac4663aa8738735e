import fc from 'fast-check';
import { IANAZone } from 'luxon';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { valuesOf } from '../../src/bots/discord/bot.js';
import { decodePayload } from '../../src/bots/telegram/deeplink.js';
import { SubscriptionStore } from '../../src/briefings/store.js';
import { makeContext } from '../../src/commands/context.js';
import { formatter } from '../../src/commands/format.js';
import { readTap } from '../../src/commands/nudges.js';
import { registry } from '../../src/commands/registry.js';
import { execute, type Outcome } from '../../src/commands/run.js';
import type { FigureValue } from '../../src/commands/types.js';
import { KeyvSettings } from '../../src/state/settings.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { dataset, NOW } from '../helpers.js';

/**
 * `npm test` runs a few hundred cases per property from a pinned seed (the same cases every run);
 * `npm run test:deep` (CARRYBOT_DEEP=1) runs 10,000 per property from a fresh seed, which fast-check
 * prints with any failure so it can be replayed.
 */
const DEEP = process.env.CARRYBOT_DEEP === '1';
const RUNS_PER_COMMAND = DEEP ? 10_000 : 300;
const RUNS = DEEP ? 10_000 : 1_000;
const SEED = DEEP ? {} : { seed: 20_261_123 };
const CHATS = ['tg:-1', 'tg:2', 'dc:3'];

let store: StateStore;
let settings: KeyvSettings;
let subscriptions: SubscriptionStore;
beforeAll(async () => {
  store = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-fuzz-')) });
  settings = new KeyvSettings(store);
  subscriptions = new SubscriptionStore(store);
});
afterAll(() => store.close());

const token = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.constantFrom('%', 'bp', 'pp', '', '个基点', '个百分点', 'm', 'y', '年', 'bps')).map(([n, u]) => `${n}${u}`),
  fc.constantFrom('<b>x</b>', '&amp;', '**@everyone**', '\u202E1.5', '\u0000', 'NaN', 'Infinity', '-0', '1e309', '１.５', '1,5', '.', '-', '+', 'spread:1', 'rate=0.5', 'x:y', '@bot', '/carry', 'lang', 'zh', 'tz', 'Asia/Tokyo', 'theme', 'dark', 'preset', 'article', '07:30', '25:99', 'daily', 'a'.repeat(500)),
);

function finite(v: FigureValue): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finite);
  if (v && typeof v === 'object') return Object.values(v).every(finite);
  return true;
}

/** A stack frame or a thrown error's name: what must never reach a user. */
const LEAK = /\.(?:js|ts|mjs|cjs):\d+:\d+|\b(?:TypeError|RangeError|ReferenceError|SyntaxError)\b/;

/** The message without the user's own tokens (they may be echoed back, and may contain anything). */
function withoutTokens(message: string, input: string): string {
  let out = message;
  const tokens = [...input.split(/\s+/), ...input.normalize('NFKC').split(/\s+/)].filter(Boolean);
  for (const token of tokens.sort((a, b) => b.length - a.length)) out = out.split(token).join('');
  return out;
}

/** The message without any character the user typed, as typed or NFKC-normalized (echoes are normalized, may be cut short). */
function withoutTyped(message: string, input: string): string {
  let out = message;
  for (const ch of new Set(input + input.normalize('NFKC'))) out = out.split(ch).join('');
  return out;
}

/** What a user may ever see: an answer within limits, or one localized line with no stack trace. */
function acceptable(out: Outcome, name: string | null, lang: 'en' | 'zh', input: string): void {
  if (out.ok) {
    expect(finite(out.answer.figures)).toBe(true);
    if (name && registry.get(name)!.charted) expect([...out.answer.text].length).toBeLessThanOrEqual(600);
    expect(withoutTokens(out.answer.text, input)).not.toMatch(LEAK);
    return;
  }
  expect(out.error.code).not.toBe('internal');
  expect(out.error.message).not.toContain('\n');
  expect(out.error.message.length).toBeLessThan(260);
  expect(out.error.message).toMatch(/\/\w+/);
  expect(withoutTokens(out.error.message, input)).not.toMatch(LEAK);
  // Apart from what the user typed, an English error is English.
  if (lang === 'en') expect(withoutTyped(out.error.message, input)).not.toMatch(/[\u4E00-\u9FFF]/);
}

describe('fuzz: random input through the command layer, on a real store', () => {
  test.each([...registry.keys()])(`GIVEN ${RUNS_PER_COMMAND} random argument lines for /%s THEN no crash, and every failure is one localized line with an example`, async (name) => {
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 4 }), fc.constantFrom('en', 'zh') as fc.Arbitrary<'en' | 'zh'>, fc.boolean(), fc.constantFrom(...CHATS), async (tokens, lang, mention, chatId) => {
        const line = `/${name}${mention ? '@CarryBot' : ''} ${tokens.join(' ')}`;
        const ctx = await makeContext({ dataset: dataset(), settings, subscriptions, chatId, platform: 'telegram', now: NOW, override: { lang } });
        const out = await execute(line, ctx, { onUnexpected: (err) => { throw err; } });
        acceptable(out, name, lang, tokens.join(' '));
      }),
      { numRuns: RUNS_PER_COMMAND, endOnFailure: true, ...SEED },
    );
  }, 300_000);

  test('GIVEN random /settings and /subscribe lines on a fresh store THEN stored settings and subscriptions hold only valid values', async () => {
    const own = await openStore({ dataDir: mkdtempSync(join(tmpdir(), 'carrybot-fuzz-state-')) });
    try {
      const ownSettings = new KeyvSettings(own);
      const ownSubs = new SubscriptionStore(own);
      const run = async (line: string, chatId: string) =>
        execute(line, await makeContext({ dataset: dataset(), settings: ownSettings, subscriptions: ownSubs, chatId, platform: 'telegram', now: NOW, override: { lang: 'en' } }), { onUnexpected: (err) => { throw err; } });
      // Known-good writes first, so the check below has stored values to judge, whatever the random lines do.
      expect((await run('/settings lang zh', 'tg:-1')).ok).toBe(true);
      expect((await run('/subscribe 07:30 Asia/Tokyo', 'tg:2')).ok).toBe(true);
      await fc.assert(
        fc.asyncProperty(fc.constantFrom('settings', 'subscribe', 'unsubscribe'), fc.array(token, { maxLength: 4 }), fc.constantFrom(...CHATS), async (name, tokens, chatId) => {
          acceptable(await run(`/${name} ${tokens.join(' ')}`, chatId), name, 'en', tokens.join(' '));
        }),
        { numRuns: RUNS, endOnFailure: true, ...SEED },
      );
      const stored = await Promise.all(CHATS.map((chatId) => ownSettings.get(chatId)));
      expect(stored.some((s) => Object.keys(s).length > 0)).toBe(true);
      for (const s of stored) {
        if (s.lang !== undefined) expect(['en', 'zh']).toContain(s.lang);
        if (s.preset !== undefined) expect(['observed', 'article']).toContain(s.preset);
        if (s.theme !== undefined) expect(['dark', 'light']).toContain(s.theme);
        if (s.timezone !== undefined) expect(IANAZone.isValidZone(s.timezone)).toBe(true);
        expect(Object.keys(s).every((k) => ['lang', 'preset', 'theme', 'timezone'].includes(k))).toBe(true);
      }
      for (const sub of await ownSubs.all()) {
        expect(sub.time).toMatch(/^([01]\d|2[0-3]):[0-5]\d$/);
        expect(IANAZone.isValidZone(sub.zone)).toBe(true);
        expect(['weekdays', 'daily']).toContain(sub.days);
        expect(CHATS).toContain(sub.chatId);
      }
    } finally {
      await own.close();
    }
  }, 300_000);
});

describe('fuzz: the adapters` own parsing', () => {
  const en = formatter('en');

  test(`GIVEN ${RUNS} random Discord option sets THEN their typed values are answered or refused in one line`, async () => {
    const ctxFor = (lang: 'en' | 'zh') => makeContext({ dataset: dataset(), settings, chatId: 'dc:9', platform: 'discord', now: NOW, override: { lang } });
    const names = [...registry.keys()];
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...names),
        fc.array(fc.record({ name: fc.oneof(fc.constantFrom('spread', 'rate', 'cut_bp', 'months', 'key', 'value', 'time', 'timezone', 'days', 'fed_bp', 'target'), fc.string({ maxLength: 6 })), value: fc.oneof(fc.double(), fc.integer(), fc.string({ unit: 'binary', maxLength: 20 }), fc.boolean()) }), { maxLength: 4 }),
        fc.constantFrom('en', 'zh') as fc.Arbitrary<'en' | 'zh'>,
        async (name, options, lang) => {
          const named = valuesOf(options);
          acceptable(await execute({ name, tokens: [], named }, await ctxFor(lang)), name, lang, Object.values(named).map(String).join(' '));
        },
      ),
      { numRuns: RUNS, endOnFailure: true, ...SEED },
    );
  }, 300_000);

  test(`GIVEN ${RUNS} random button payloads and deep links THEN each is refused or becomes a command line within range`, () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 100 }), fc.string({ maxLength: 60 }).map((s) => `n1|${s}`), fc.constantFrom('n1|carry|o|', 'n1|path|a|', 'n1|scenario|o|').chain((h) => fc.string({ maxLength: 30 }).map((s) => h + s))), (payload) => {
        const tap = readTap(payload, en);
        if (tap.ok) expect(tap.line).toMatch(/^\/(carry|neutral|liquidity|debt|path|scenario)( [a-z_0-9]+:-?\d+(\.\d+)?)+$/);
        const deep = decodePayload(payload);
        if (deep !== null) expect(deep.startsWith('/')).toBe(true);
      }),
      { numRuns: RUNS, endOnFailure: true, ...SEED },
    );
  });
});
