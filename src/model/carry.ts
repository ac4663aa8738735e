/**
 * Yen carry unwind as a function of the US–JP 10y spread (MODEL.md §3a).
 *
 * Positions have heterogeneous break-even spreads, so the share still open follows a logistic
 * L(s) = 1 / (1 + e^((s − m)/w)). Unwinding is measured from today's spread s0:
 *   f(s) = max(0, (L(s) − L(s0)) / (1 − L(s0))),  U = K·f,  R = ρ·U.
 * Writing a = e^((s − m)/w) and c = e^((sa − s0)/w), f(sa) = (1 − c)/(1 + a), so the threshold m
 * that puts the curve exactly through the anchor (sa, t) has a closed form: m = sa − w·ln((1 − c)/t − 1).
 */
export interface CarryParams {
  /** Today's spread s0, pp. */
  currentSpreadPp: number;
  /** Carry stock K, USD. */
  carryStockUsd: number;
  /** Share of the unwound amount that flows home, ρ. */
  repatriationShare: number;
  /** Anchor: at this spread … */
  anchorSpreadPp: number;
  /** … this much has unwound (USD). */
  anchorUnwoundUsd: number;
  /** Logistic width w, pp. */
  widthPp: number;
}

export interface CarryCurve {
  /** Fitted threshold m, pp. */
  midpointPp: number;
  /** False when the anchor cannot be met from today's spread (then m falls back to s0 − w). */
  anchorApplies: boolean;
  fraction(spreadPp: number): number;
  unwoundUsd(spreadPp: number): number;
  repatriatedUsd(spreadPp: number): number;
}

export function carryCurve(p: CarryParams): CarryCurve {
  const w = p.widthPp;
  const s0 = p.currentSpreadPp;
  const target = p.anchorUnwoundUsd / p.carryStockUsd;
  const c = Math.exp((p.anchorSpreadPp - s0) / w);
  const feasible = p.anchorSpreadPp < s0 && target > 0 && target < 1 - c;
  const midpointPp = feasible ? p.anchorSpreadPp - w * Math.log((1 - c) / target - 1) : s0 - w;

  const open = (s: number) => 1 / (1 + Math.exp((s - midpointPp) / w));
  const open0 = open(s0);
  const fraction = (s: number): number => {
    if (!(s < s0)) return 0;
    const f = (open(s) - open0) / (1 - open0);
    return Math.min(1, Math.max(0, f));
  };
  return {
    midpointPp,
    anchorApplies: feasible,
    fraction,
    unwoundUsd: (s) => p.carryStockUsd * fraction(s),
    repatriatedUsd: (s) => p.repatriationShare * p.carryStockUsd * fraction(s),
  };
}
