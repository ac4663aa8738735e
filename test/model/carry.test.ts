import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { carryCurve, type CarryParams } from '../../src/model/carry.js';

const anchor = { carryStockUsd: 5e12, repatriationShare: 0.5, anchorSpreadPp: 1.5, anchorUnwoundUsd: 1.2e12, widthPp: 0.25 };

describe('carry unwind curve', () => {
  test('GIVEN the article spread 1.81pp THEN the curve passes exactly through the anchor ($1.2T, $0.6T at 1.5pp)', () => {
    const c = carryCurve({ ...anchor, currentSpreadPp: 1.81 });
    expect(c.fraction(1.5)).toBeCloseTo(0.24, 12);
    expect(c.unwoundUsd(1.5)).toBeCloseTo(1.2e12, -6);
    expect(c.repatriatedUsd(1.5)).toBeCloseTo(0.6e12, -6);
    expect(c.anchorApplies).toBe(true);
  });

  test.each([
    [1.75, 0.09],
    [1.25, 0.47],
    [1.0, 0.71],
    [0.5, 0.95],
  ])('GIVEN today at 2.2pp WHEN the spread is %f THEN about %f of the stock unwinds (MODEL.md §3a)', (s, f) => {
    const c = carryCurve({ ...anchor, currentSpreadPp: 2.2 });
    expect(c.fraction(s)).toBeCloseTo(f, 2);
  });

  test('GIVEN today at 1.81pp THEN the curve is steeper near today than with today at 2.2pp', () => {
    const steep = carryCurve({ ...anchor, currentSpreadPp: 1.81 });
    const flat = carryCurve({ ...anchor, currentSpreadPp: 2.2 });
    expect(steep.fraction(1.7)).toBeGreaterThan(flat.fraction(1.7 + 0.39) );
    expect(steep.fraction(1.7)).toBeGreaterThan(0);
  });

  test('GIVEN today below the anchor THEN the curve says the anchor does not apply and stays bounded', () => {
    const c = carryCurve({ ...anchor, currentSpreadPp: 1.4 });
    expect(c.anchorApplies).toBe(false);
    expect(c.fraction(1.4)).toBe(0);
    expect(c.fraction(0)).toBeLessThanOrEqual(1);
    expect(c.fraction(0.5)).toBeGreaterThan(0);
  });

  const params: fc.Arbitrary<CarryParams> = fc.record({
    currentSpreadPp: fc.double({ min: 0.2, max: 5, noNaN: true }),
    carryStockUsd: fc.double({ min: 1e11, max: 3e13, noNaN: true }),
    repatriationShare: fc.double({ min: 0, max: 1, noNaN: true }),
    anchorSpreadPp: fc.double({ min: 0, max: 5, noNaN: true }),
    anchorUnwoundUsd: fc.double({ min: 1e9, max: 3e13, noNaN: true }),
    widthPp: fc.double({ min: 0.05, max: 1, noNaN: true }),
  });

  test('PROPERTY: unwinding is non-increasing in the spread, 0 at or above today, never above K; repatriation ≤ unwinding', () => {
    fc.assert(
      fc.property(params, fc.double({ min: 0, max: 6, noNaN: true }), fc.double({ min: 0, max: 6, noNaN: true }), (p, a, b) => {
        const c = carryCurve(p);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(c.unwoundUsd(lo)).toBeGreaterThanOrEqual(c.unwoundUsd(hi) - 1e-3);
        expect(c.unwoundUsd(hi)).toBeLessThanOrEqual(p.carryStockUsd);
        expect(c.unwoundUsd(lo)).toBeGreaterThanOrEqual(0);
        if (hi >= p.currentSpreadPp) expect(c.unwoundUsd(hi)).toBe(0);
        expect(c.repatriatedUsd(lo)).toBeLessThanOrEqual(c.unwoundUsd(lo) + 1e-3);
      }),
      { numRuns: 2000 },
    );
  });
});
