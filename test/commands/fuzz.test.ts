import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { makeContext, MemorySettings } from '../../src/commands/context.js';
import { registry } from '../../src/commands/registry.js';
import { execute } from '../../src/commands/run.js';
import type { FigureValue } from '../../src/commands/types.js';
import { dataset, NOW } from '../helpers.js';

const RUNS_PER_COMMAND = 2000;

const token = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 12 }),
  fc.string({ unit: 'grapheme-ascii', maxLength: 8 }),
  fc.double({ noNaN: false }).map(String),
  fc.integer({ min: -1000, max: 1000 }).map(String),
  fc.tuple(fc.double({ min: -500, max: 500, noNaN: true }), fc.constantFrom('%', 'bp', 'pp', '', '个基点', '个百分点', 'm', 'y', '年', 'bps')).map(([n, u]) => `${n}${u}`),
  fc.constantFrom('<b>x</b>', '&amp;', '\u202E1.5', '\u0000', 'NaN', 'Infinity', '-0', '1e309', '１.５', '1,5', '.', '-', '+', 'spread:1', 'rate=0.5', 'x:y', '@bot', '/carry', 'lang', 'zh', 'tz', 'Asia/Tokyo', 'a'.repeat(500)),
);

function finite(v: FigureValue): boolean {
  if (typeof v === 'number') return Number.isFinite(v);
  if (Array.isArray(v)) return v.every(finite);
  if (v && typeof v === 'object') return Object.values(v).every(finite);
  return true;
}

describe('fuzz: random argument strings through the command layer', () => {
  test.each([...registry.keys()])(`GIVEN ${RUNS_PER_COMMAND} random argument lines for /%s THEN no crash, and every failure is one localized line with an example`, async (name) => {
    const settings = new MemorySettings();
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 4 }), fc.constantFrom('en', 'zh') as fc.Arbitrary<'en' | 'zh'>, fc.boolean(), async (tokens, lang, mention) => {
        const line = `/${name}${mention ? '@CarryBot' : ''} ${tokens.join(' ')}`;
        const ctx = await makeContext({ dataset: dataset(), settings, chatId: 'fuzz', platform: 'console', now: NOW, override: { lang } });
        const out = await execute(line, ctx, { onUnexpected: (err) => { throw err; } });
        if (out.ok) {
          expect(finite(out.answer.figures)).toBe(true);
          if (registry.get(name)!.charted) expect([...out.answer.text].length).toBeLessThanOrEqual(600);
          expect(out.answer.text).not.toMatch(/\bat .+:\d+:\d+/);
        } else {
          expect(out.error.code).not.toBe('internal');
          expect(out.error.message).not.toContain('\n');
          expect(out.error.message.length).toBeLessThan(260);
          expect(out.error.message).toMatch(/\/\w+/);
          expect(out.error.message).not.toMatch(/\bat .+:\d+:\d+|Error:/);
          // The user's own input is echoed between “ ” (or after the label); the rest must be English.
          if (lang === 'en') expect(out.error.message.replace(/“[^”]*”/g, '').replace(tokens.join(' '), '')).not.toMatch(/[\u4E00-\u9FFF]/);
        }
      }),
      { numRuns: RUNS_PER_COMMAND },
    );
  });
});
