import { describe, expect, test } from 'vitest';
import { decisionOf, lastChange, nextWeekday } from '../../src/model/decisions.js';
import { moveOf } from '../../src/model/moves.js';
import type { Point } from '../../src/model/spread.js';

const pts = (rows: Array<[string, number]>): Point[] => rows.map(([date, value]) => ({ date, value }));

describe('moves: the change since the previous observation and over one week, in bp', () => {
  const week = pts([
    ['2026-12-10', 4.05],
    ['2026-12-11', 4.06],
    ['2026-12-14', 4.09],
    ['2026-12-15', 4.11],
    ['2026-12-16', 4.13],
    ['2026-12-17', 4.12],
    ['2026-12-18', 4.15],
  ]);

  test('GIVEN a week of daily yields THEN d1 and w1 are exact, with the dates compared', () => {
    expect(moveOf(week)).toEqual({ last: 4.15, lastDate: '2026-12-18', d1Bp: 3, d1Date: '2026-12-17', w1Bp: 9, w1Date: '2026-12-11' });
  });

  test('GIVEN three-decimal JGB yields THEN half basis points survive and float noise does not', () => {
    const m = moveOf(pts([['2026-12-11', 1.96], ['2026-12-17', 2.01], ['2026-12-18', 2.035]]))!;
    expect(m.d1Bp).toBe(2.5);
    expect(m.w1Bp).toBe(7.5);
  });

  test('GIVEN a hole in the data THEN no comparison across it', () => {
    const m = moveOf(pts([['2024-07-31', 1.07], ['2025-12-01', 1.845]]))!;
    expect(m).toMatchObject({ last: 1.845, d1Bp: null, d1Date: null, w1Bp: null, w1Date: null });
    expect(moveOf([])).toBeNull();
  });

  test('GIVEN no change THEN 0bp, not -0', () => {
    expect(Object.is(moveOf(pts([['2026-12-17', 4.1], ['2026-12-18', 4.1]]))!.d1Bp, 0)).toBe(true);
  });
});

describe('decisions: outcomes read from the policy-rate series', () => {
  // BOJ meeting ends Friday 2026-12-18; a daily series shows the new rate from Monday.
  const bojDaily = pts([
    ['2026-12-16', 0.75],
    ['2026-12-17', 0.75],
    ['2026-12-18', 0.75],
    ['2026-12-19', 0.75],
    ['2026-12-20', 0.75],
    ['2026-12-21', 1],
  ]);

  test('GIVEN a rate step after a BOJ meeting THEN hike with the new rate', () => {
    expect(decisionOf(bojDaily, '2026-12-18', '2027-01-22')).toEqual({ outcome: 'hike', rate: 1, before: 0.75, changeBp: 25 });
  });

  test('GIVEN a series that dates the change on the decision day THEN hike too', () => {
    expect(decisionOf(pts([['2025-01-24', 0.5], ['2025-12-19', 0.75]]), '2025-12-19')).toMatchObject({ outcome: 'hike', rate: 0.75 });
  });

  test('GIVEN only the decision day and weekend rows THEN pending (awaiting data), not hold', () => {
    expect(decisionOf(bojDaily.slice(0, 5), '2026-12-18')).toEqual({ outcome: 'pending', rate: null, before: 0.75, changeBp: null });
  });

  test('GIVEN an unchanged rate on the next weekday THEN hold at the old rate', () => {
    const held = pts([['2026-12-17', 0.75], ['2026-12-21', 0.75]]);
    expect(decisionOf(held, '2026-12-18')).toEqual({ outcome: 'hold', rate: 0.75, before: 0.75, changeBp: 0 });
  });

  test('GIVEN a cut of the Fed upper limit THEN cut; a later meeting\'s step is not this one\'s', () => {
    const upper = pts([['2026-12-08', 3.75], ['2026-12-09', 3.75], ['2026-12-10', 3.5], ['2027-01-28', 3.25]]);
    expect(decisionOf(upper, '2026-12-09', '2027-01-27')).toEqual({ outcome: 'cut', rate: 3.5, before: 3.75, changeBp: -25 });
    expect(decisionOf(upper, '2027-01-27')).toMatchObject({ outcome: 'cut', rate: 3.25, before: 3.5 });
  });

  test('GIVEN a series stored as changes (first, changes, last) THEN an earlier meeting without a change is a hold', () => {
    const steps = pts([['2025-12-19', 0.75], ['2026-12-21', 1]]);
    expect(decisionOf(steps, '2026-10-30', '2026-12-18')).toEqual({ outcome: 'hold', rate: 0.75, before: 0.75, changeBp: 0 });
    expect(decisionOf(steps, '2026-12-18')).toMatchObject({ outcome: 'hike', rate: 1 });
    const confirmed = pts([['2025-12-19', 0.75], ['2026-12-21', 0.75]]);
    expect(decisionOf(confirmed, '2026-12-18')).toMatchObject({ outcome: 'hold', rate: 0.75 });
  });

  test('GIVEN no data before the meeting THEN pending', () => {
    expect(decisionOf([], '2026-12-18').outcome).toBe('pending');
  });

  test('helpers: the next weekday and the last change of a step series', () => {
    expect(nextWeekday('2026-12-18')).toBe('2026-12-21');
    expect(nextWeekday('2026-12-16')).toBe('2026-12-17');
    expect(lastChange(bojDaily)).toEqual({ date: '2026-12-21', value: 1 });
    expect(lastChange(bojDaily.slice(0, 5))).toEqual({ date: '2026-12-16', value: 0.75 });
  });
});
