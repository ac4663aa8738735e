import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { echo, parseNumber } from '../../src/commands/args.js';
import { splitLine } from '../../src/commands/run.js';

describe('forgiving numbers', () => {
  test.each([
    ['1.5', 'pp', 1.5],
    ['1.5%', 'pp', 1.5],
    ['1.5pp', 'pp', 1.5],
    ['150bp', 'pp', 1.5],
    ['150bps', 'pp', 1.5],
    ['１.５', 'pp', 1.5],
    ['１．５％', 'pp', 1.5],
    ['1,5', 'pp', 1.5],
    ['.5', 'pp', 0.5],
    ['1.5个百分点', 'pp', 1.5],
    ['-25', 'bp', -25],
    ['−25', 'bp', -25],
    ['+25bp', 'bp', 25],
    ['25个基点', 'bp', 25],
    ['0.25%', 'bp', 25],
    ['12', 'months', 12],
    ['12m', 'months', 12],
    ['1y', 'months', 12],
    ['6个月', 'months', 6],
    ['10年', 'years', 10],
    [' 0.75 ', 'pct', 0.75],
  ] as const)('GIVEN "%s" for a %s argument THEN %f', (raw, unit, n) => expect(parseNumber(raw, unit)).toBe(n));

  test.each(['abc', '', '1.2.3', 'Infinity', 'NaN', '0x10', '1e3', '--1', '1.5 2', '1.5m', '5bp%'])('GIVEN "%s" THEN not a number', (raw) => {
    expect(parseNumber(raw, 'pp')).toBeNull();
  });

  test('GIVEN a right-to-left override around a number THEN the mark is dropped, the number read', () => {
    expect(parseNumber('\u202E1.5', 'pp')).toBe(1.5);
  });

  test('PROPERTY: any decimal written plainly, with %, in bp or full-width reads back the same pp value', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 600 }), (hundredths) => {
        const x = hundredths / 100;
        const s = String(x);
        const full = s.replace(/[0-9.]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
        expect(parseNumber(s, 'pp')).toBe(x);
        expect(parseNumber(`${s}%`, 'pp')).toBe(x);
        expect(parseNumber(`${hundredths}bp`, 'pp')).toBe(x);
        expect(parseNumber(full, 'pp')).toBe(x);
        expect(parseNumber(s.replace('.', ','), 'pp')).toBe(x);
      }),
      { numRuns: 601 },
    );
  });
});

describe('command lines', () => {
  test.each([
    ['/carry 1.5', 'carry', ['1.5']],
    ['/carry@CarryBot 1.5', 'carry', ['1.5']],
    ['carry   1.5 ', 'carry', ['1.5']],
    ['／ＣＡＲＲＹ　１.５', 'carry', ['1.5']],
    ['/path 25 6 1.75', 'path', ['25', '6', '1.75']],
  ])('GIVEN "%s" THEN /%s with %j', (line, name, tokens) => expect(splitLine(line)).toEqual({ name, tokens }));

  test('GIVEN blank input THEN nothing to run', () => expect(splitLine('   ')).toBeNull());

  test('GIVEN control and bidi characters or a long value THEN the echo is clean and short', () => {
    expect(echo('a\u0000b\u202Ec\n')).toBe('abc');
    expect(echo('x'.repeat(100))).toHaveLength(24);
  });
});
