import { describe, expect, test } from 'vitest';
import { DataFormatError, mofDate, parseFredCsv, parseMofCsv, valueOn } from '../../src/data/csv.js';

describe('FRED CSV', () => {
  test('GIVEN empty and "." values THEN they are skipped, not zero', () => {
    const pts = parseFredCsv('date,value\n2025-11-27,\n2025-11-28,4.02\n2025-11-29,.\n2025-12-01,4.09\n');
    expect(pts).toEqual([
      { date: '2025-11-28', value: 4.02 },
      { date: '2025-12-01', value: 4.09 },
    ]);
  });
  test.each([
    ['no header', '2025-12-01,4.09\n', /header/],
    ['a bad date', 'date,value\n12/01/2025,4.09\n', /bad date/],
    ['a non-number', 'date,value\n2025-12-01,4.o9\n', /not a number/],
    ['dates out of order', 'date,value\n2025-12-02,1\n2025-12-01,2\n', /ascending/],
  ])('GIVEN %s THEN a DataFormatError naming the problem', (_name, text, message) => {
    expect(() => parseFredCsv(text, 'X.csv')).toThrow(DataFormatError);
    expect(() => parseFredCsv(text, 'X.csv')).toThrow(message);
  });
});

describe('MOF JGB CSV', () => {
  const file = [
    'Interest Rate,,,,,,,,,,,,,,,(Unit : %)',
    'Date,1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y,15Y,20Y,25Y,30Y,40Y',
    '2024/7/30,0.184,0.374,0.41,0.498,0.592,0.629,0.718,0.813,0.907,1.012,1.478,1.801,2.003,2.131,2.36',
    '2024/7/31,0.275,0.45,0.49,0.579,0.671,0.704,0.783,0.875,0.965,-,1.527,1.844,2.043,2.176,2.396',
    '2024/8/1,0.275,0.45,0.49,0.579,0.671,0.704,0.783,0.875,0.965,1.07,1.527,1.844,2.043,2.176,-',
  ].join('\r\n');
  test('GIVEN the title line, YYYY/M/D dates and "-" THEN ISO dates and missing values skipped', () => {
    expect(parseMofCsv(file, '10Y')).toEqual([
      { date: '2024-07-30', value: 1.012 },
      { date: '2024-08-01', value: 1.07 },
    ]);
    expect(parseMofCsv(file, '40Y').map((p) => p.date)).toEqual(['2024-07-30', '2024-07-31']);
  });
  test('GIVEN a missing column or header THEN a clear error', () => {
    expect(() => parseMofCsv(file, '50Y')).toThrow(/no column "50Y"/);
    expect(() => parseMofCsv('Interest Rate\n2024/7/30,1\n', '10Y')).toThrow(/header/);
  });
  test.each([
    ['2024/7/31', '2024-07-31'],
    ['2010/1/4', '2010-01-04'],
    ['2024-07-31', null],
  ])('mofDate(%s) = %s', (raw, iso) => expect(mofDate(raw)).toBe(iso));
});

describe('valueOn', () => {
  const pts = [
    { date: '2025-11-26', value: 1 },
    { date: '2025-12-03', value: 2 },
  ];
  test.each([
    ['2025-11-25', null],
    ['2025-11-26', 1],
    ['2025-12-01', 1],
    ['2025-12-31', 2],
  ])('GIVEN %s THEN the observation on or before it (%s)', (d, v) => expect(valueOn(pts, d)?.value ?? null).toBe(v));
});
