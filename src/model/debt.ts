/** Japan's extra interest cost after a rate rise (MODEL.md §3d). */
export type DebtModel =
  /** ΔInterest(k) = D·Δy·(1 − e^(−speed·(k − 0.5))): debt reprices gradually as bonds roll. */
  | { kind: 'gradual'; debtJpy: number; speed: number }
  /** The commentary's flat cost: claimJpy a year at claimRisePp, scaled linearly. */
  | { kind: 'flat'; claimJpy: number; claimRisePp: number };

export interface DebtYear {
  year: number;
  extraCostJpy: number;
  pctOfGdp: number;
}

export function passThrough(year: number, speed: number): number {
  return Math.max(0, 1 - Math.exp(-speed * (year - 0.5)));
}

export function interestCost(risePp: number, years: number, model: DebtModel, gdpJpy: number): DebtYear[] {
  const rows: DebtYear[] = [];
  for (let year = 1; year <= years; year++) {
    const extraCostJpy =
      model.kind === 'gradual'
        ? model.debtJpy * (risePp / 100) * passThrough(year, model.speed)
        : (model.claimJpy * risePp) / model.claimRisePp;
    rows.push({ year, extraCostJpy, pctOfGdp: (100 * extraCostJpy) / gdpJpy });
  }
  return rows;
}
