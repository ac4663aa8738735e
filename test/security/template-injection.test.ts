import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { echo } from '../../src/commands/args.js';
import { MemorySettings, makeContext } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import { fill, tFor } from '../../src/i18n/index.js';
import { dataset, NOW } from '../helpers.js';
import { HOSTILE, hostileLine, placements } from './hostile.js';

/**
 * Every answer is produced in bounded time: a case that burns more than this much CPU fails the run.
 * CPU time, not wall time (test files run in their own processes), so a busy machine does not fail it
 * for nothing while a template that expands without end or a backtracking regex still does.
 */
const BUDGET_MS = 250;

async function timed(line: string, lang: 'en' | 'zh') {
  const ctx = await makeContext({ dataset: dataset(), settings: new MemorySettings(), chatId: 'fuzz', platform: 'console', override: { lang }, now: NOW });
  const before = process.cpuUsage();
  const out = await execute(line, ctx);
  const used = process.cpuUsage(before);
  return { out, cpuMs: (used.user + used.system) / 1000 };
}

const LONE_SURROGATE = /\p{Cs}/u;
const INVISIBLE = /[\u061C\u200E\u200F\u202A-\u202E\u2028\u2029\u2060\u2066-\u2069\u{E0000}-\u{E007F}]/u;

describe('user text is data, never template syntax', () => {
  test('GIVEN "/carry $t(" THEN the usual one-line error, with the input shown literally', async () => {
    const { out } = await timed('/carry $t(', 'en');
    expect(out.ok).toBe(false);
    if (out.ok) return;
    expect(out.error.message).toBe('Spread “$t(” is not a number: give 0pp to 6pp, e.g. /carry 1.5');
  });

  test('GIVEN interpolation syntax in an argument THEN it is echoed as typed, not filled', async () => {
    const { out } = await timed('/carry {{example}}', 'zh');
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error.message).toContain('{{example}}');
  });

  test('GIVEN a value holding placeholders THEN fill inserts it once and never re-reads it', () => {
    expect(fill('a {{x}} b {{y}}', { x: '{{y}}', y: '$t(z)' })).toBe('a {{y}} b $t(z)');
    expect(tFor('en')('errors:unknownCommand', { value: '$t(errors:internal) {{value}}' })).toContain('$t(errors:internal) {{value}}');
  });

  test.each(HOSTILE.flatMap((h) => placements(h).map((line) => [JSON.stringify(line).slice(0, 60), line] as const)))(
    'GIVEN hostile input %s THEN an answer or one-line error',
    async (_name, line) => {
      for (const lang of ['en', 'zh'] as const) {
        const { out, cpuMs } = await timed(line, lang);
        expect(cpuMs, `took ${cpuMs.toFixed(1)} ms of CPU`).toBeLessThan(BUDGET_MS);
        const text = out.ok ? out.answer.text : out.error.message;
        expect(text).not.toMatch(LONE_SURROGATE);
        if (!out.ok) {
          expect(out.error.code).not.toBe('internal');
          expect(out.error.message).not.toContain('\n');
          expect(out.error.message).not.toMatch(INVISIBLE);
        }
      }
    },
  );

  test('GIVEN generated lines mixing the syntax of every library in the path THEN each is answered or refused within the budget, never an internal error', async () => {
    await fc.assert(
      fc.asyncProperty(hostileLine, fc.constantFrom('en' as const, 'zh' as const), async (line, lang) => {
        const { out, cpuMs } = await timed(line, lang);
        expect(cpuMs, `${JSON.stringify(line)} took ${cpuMs.toFixed(1)} ms of CPU`).toBeLessThan(BUDGET_MS);
        if (!out.ok) expect(out.error.code).not.toBe('internal');
      }),
      { numRuns: process.env.CARRYBOT_DEEP === '1' ? 4000 : 400, seed: 22 },
    );
  });
});

describe('echoes', () => {
  test.each([
    ['a pair cut in half', '😀'.repeat(30), 23],
    ['a lone high surrogate', 'ab\uD800cd', 4],
    ['a lone low surrogate', '\uDC00x', 1],
  ])('GIVEN %s THEN no lone surrogate, cut by characters', (_name, raw, chars) => {
    const out = echo(raw);
    expect(out).not.toMatch(LONE_SURROGATE);
    expect(Array.from(out.replace(/…$/, ''))).toHaveLength(chars);
  });

  test('GIVEN bidi, line separators, joiners and tag characters THEN they are stripped', () => {
    expect(echo('\u202E1\u061C.\u2028\u2029\u2060\u{E0041}5\u2066\u2069\u200F')).toBe('1.5');
  });
});
