import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { meetings } from '../../src/data/calendar.js';
import { ratePath } from '../../src/model/path.js';
import { dataset } from '../helpers.js';

const boj = () => meetings(dataset().calendar, 'boj', 2040);
const base = { startRatePct: 0.75, startDate: '2025-12-19', stepBp: 25, everyMonths: 6 };

describe('BOJ hike path', () => {
  test('GIVEN +25bp every 6 months THEN the floor comes mid-2026, the middle around end-2027, the top mid-2029', () => {
    const toTop = ratePath({ ...base, targetPct: 2.5, meetings: boj() });
    const on = (rate: number) => toTop.steps.find((s) => s.ratePct === rate)!.date;
    expect(on(1.0)).toBe('2026-07-31');
    expect(on(1.75) >= '2027-10-01' && on(1.75) <= '2028-02-28').toBe(true);
    expect(on(2.5).slice(0, 4)).toBe('2029');
    expect(toTop.steps.map((s) => s.ratePct)).toEqual([1, 1.25, 1.5, 1.75, 2, 2.25, 2.5]);
  });

  test('GIVEN a target that is not a whole number of steps THEN the last move stops at the target', () => {
    const r = ratePath({ ...base, targetPct: 1.1, meetings: boj() });
    expect(r.steps.map((s) => s.ratePct)).toEqual([1, 1.1]);
  });

  test('GIVEN a target below today THEN the path cuts', () => {
    const r = ratePath({ ...base, targetPct: 0.25, meetings: boj() });
    expect(r.steps.map((s) => s.ratePct)).toEqual([0.5, 0.25]);
  });

  test('GIVEN a calendar that ends too soon THEN the path says it did not reach the target', () => {
    const r = ratePath({ ...base, targetPct: 2.5, meetings: boj().filter((m) => m.date < '2027-01-01') });
    expect(r.reachedTarget).toBe(false);
  });

  test('PROPERTY: every move falls on a BOJ meeting day, after the previous one, and no earlier than its due date', () => {
    const cal = boj();
    const days = new Set(cal.map((m) => m.date));
    fc.assert(
      fc.property(fc.integer({ min: 5, max: 100 }), fc.integer({ min: 1, max: 24 }), fc.double({ min: -1, max: 5, noNaN: true }), (stepBp, everyMonths, targetPct) => {
        const r = ratePath({ ...base, stepBp, everyMonths, targetPct, meetings: cal });
        r.steps.forEach((s, i) => {
          expect(days.has(s.date)).toBe(true);
          if (i > 0) expect(s.date > r.steps[i - 1]!.date).toBe(true);
        });
        if (r.reachedTarget && r.steps.length) expect(r.steps.at(-1)!.ratePct).toBeCloseTo(targetPct, 9);
      }),
      { numRuns: 500 },
    );
  });
});
