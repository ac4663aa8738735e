/** Fed-side liquidity and the "reservoir" ratio (MODEL.md §3c). */
export interface FedParams {
  /** Balance-sheet runoff that the end of QT stops, USD per month. */
  qtRunoffPerMonthUsd: number;
  /** Liquidity attributed to each 25bp of cuts, USD (0 when a cut adds no reserves). */
  cutLiquidityPer25bpUsd: number;
  /** US M2, USD, for the interest-flow context. */
  m2Usd: number;
}

export interface FedLiquidity {
  cutBp: number;
  months: number;
  drainAvoidedUsd: number;
  cutLiquidityUsd: number;
  totalUsd: number;
  /** Yearly interest flow that the cut moves: cut × M2 (a price effect, not reserves). */
  interestFlowUsdPerYear: number;
}

export function fedLiquidity(cutBp: number, months: number, p: FedParams): FedLiquidity {
  const drainAvoidedUsd = p.qtRunoffPerMonthUsd * months;
  const cutLiquidityUsd = p.cutLiquidityPer25bpUsd * (cutBp / 25);
  return {
    cutBp,
    months,
    drainAvoidedUsd,
    cutLiquidityUsd,
    totalUsd: drainAvoidedUsd + cutLiquidityUsd,
    interestFlowUsdPerYear: (cutBp / 10_000) * p.m2Usd,
  };
}

/** Repatriation as a share of Fed liquidity; null when the Fed side adds nothing to compare with. */
export function reservoirRatio(repatriatedUsd: number, fedLiquidityUsd: number): number | null {
  return fedLiquidityUsd > 0 ? repatriatedUsd / fedLiquidityUsd : null;
}
