import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { interestCost } from '../../src/model/debt.js';
import { fedLiquidity, reservoirRatio } from '../../src/model/fed.js';
import { policyStance } from '../../src/model/stance.js';
import { addMonths, monthsBetween } from '../../src/model/dates.js';

const band = { neutralLowPct: 1, neutralHighPct: 2.5, inflationPct: 3, stepBp: 25 };

describe('policy stance vs the neutral band', () => {
  test('GIVEN 0.75% and 3% inflation THEN accommodative, 0.25pp below, 1 hike, real rate -2.25%', () => {
    expect(policyStance(0.75, band)).toEqual({
      ratePct: 0.75, stance: 'accommodative', belowFloorPp: 0.25, aboveCeilingPp: 0, hikesToFloor: 1, realRatePct: -2.25,
    });
  });
  test.each([
    [0.7, 'accommodative', 2],
    [0.5, 'accommodative', 2],
    [1.0, 'neutral', 0],
    [2.5, 'neutral', 0],
    [2.75, 'restrictive', 0],
    [-0.1, 'accommodative', 5],
  ])('GIVEN %f%% THEN %s with %i hikes to the floor', (rate, stance, hikes) => {
    const r = policyStance(rate, band);
    expect(r.stance).toBe(stance);
    expect(r.hikesToFloor).toBe(hikes);
  });
});

describe('Fed-side liquidity', () => {
  test('GIVEN the article ($550B per 25bp) THEN $600B repatriation is a 109% reservoir ratio', () => {
    const fed = fedLiquidity(25, 0, { qtRunoffPerMonthUsd: 95e9, cutLiquidityPer25bpUsd: 550e9, m2Usd: 22.3e12 });
    expect(fed.totalUsd).toBe(550e9);
    expect(reservoirRatio(600e9, fed.totalUsd)).toBeCloseTo(1.0909, 4);
  });
  test('GIVEN observed (a cut adds no reserves) THEN only the drain avoided counts and the interest flow is cut × M2', () => {
    const fed = fedLiquidity(25, 12, { qtRunoffPerMonthUsd: 22e9, cutLiquidityPer25bpUsd: 0, m2Usd: 22_322.4e9 });
    expect(fed.cutLiquidityUsd).toBe(0);
    expect(fed.drainAvoidedUsd).toBe(264e9);
    expect(fed.interestFlowUsdPerYear / 1e9).toBeCloseTo(55.8, 1);
    expect(reservoirRatio(600e9, 0)).toBeNull();
  });
});

describe('Japan interest cost', () => {
  const gradual = { kind: 'gradual' as const, debtJpy: 1094e12, speed: 0.166 };
  test('GIVEN +25bp THEN ≈¥0.22T, ¥0.60T, ¥0.93T in years 1–3 and ¥2.17T in year 10 (MODEL.md §3d)', () => {
    const rows = interestCost(0.25, 10, gradual, 635e12).map((r) => r.extraCostJpy / 1e12);
    expect(rows[0]).toBeCloseTo(0.22, 2);
    expect(rows[1]).toBeCloseTo(0.6, 2);
    expect(rows[2]).toBeCloseTo(0.93, 2);
    expect(rows[9]).toBeCloseTo(2.17, 2);
  });
  test('GIVEN +75bp THEN ≈¥6.5T in year 10, about 1% of GDP', () => {
    const last = interestCost(0.75, 10, gradual, 635e12).at(-1)!;
    expect(last.extraCostJpy / 1e12).toBeCloseTo(6.5, 1);
    expect(last.pctOfGdp).toBeCloseTo(1.03, 2);
  });
  test("GIVEN the article's flat model THEN ¥8T every year at 0.75%", () => {
    const rows = interestCost(0.75, 5, { kind: 'flat', claimJpy: 8e12, claimRisePp: 0.75 }, 635e12);
    expect(rows.every((r) => r.extraCostJpy === 8e12)).toBe(true);
  });
  test('PROPERTY: the cost never falls from one year to the next and grows with the rise', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 10, noNaN: true }), fc.integer({ min: 1, max: 30 }), fc.double({ min: 0.01, max: 2, noNaN: true }), (rise, years, speed) => {
        const rows = interestCost(rise, years, { kind: 'gradual', debtJpy: 1094e12, speed }, 635e12);
        for (let i = 1; i < rows.length; i++) expect(rows[i]!.extraCostJpy).toBeGreaterThanOrEqual(rows[i - 1]!.extraCostJpy);
        const more = interestCost(rise + 0.25, years, { kind: 'gradual', debtJpy: 1094e12, speed }, 635e12);
        expect(more.at(-1)!.extraCostJpy).toBeGreaterThanOrEqual(rows.at(-1)!.extraCostJpy);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('calendar arithmetic', () => {
  test.each([
    ['2025-12-19', 6, '2026-06-19'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2025-12-01', 13, '2027-01-01'],
  ])('GIVEN %s + %i months THEN %s', (from, n, to) => expect(addMonths(from, n)).toBe(to));
  test('GIVEN QT end 2025-12-01 THEN 0 months at 2025-12-01 and 11 at 2026-11-23', () => {
    expect(monthsBetween('2025-12-01', '2025-12-01')).toBe(0);
    expect(monthsBetween('2025-12-01', '2026-11-23')).toBe(11);
  });
});
