/** Policy stance against a neutral band (MODEL.md §3b). */
export type Stance = 'accommodative' | 'neutral' | 'restrictive';

export interface StanceParams {
  neutralLowPct: number;
  neutralHighPct: number;
  inflationPct: number;
  stepBp: number;
}

export interface StanceResult {
  ratePct: number;
  stance: Stance;
  /** pp below the band's floor (0 when at or above it). */
  belowFloorPp: number;
  /** pp above the band's ceiling (0 when at or below it). */
  aboveCeilingPp: number;
  /** Steps of stepBp needed to reach the floor. */
  hikesToFloor: number;
  realRatePct: number;
}

/** Rounds away float noise (0.30000000000000004 → 0.3) before a ceiling or comparison. */
export const clean = (x: number, digits = 9): number => Number(x.toFixed(digits));

export function policyStance(ratePct: number, p: StanceParams): StanceResult {
  const stance: Stance =
    ratePct < p.neutralLowPct ? 'accommodative' : ratePct > p.neutralHighPct ? 'restrictive' : 'neutral';
  const belowFloorPp = clean(Math.max(0, p.neutralLowPct - ratePct));
  const aboveCeilingPp = clean(Math.max(0, ratePct - p.neutralHighPct));
  return {
    ratePct,
    stance,
    belowFloorPp,
    aboveCeilingPp,
    hikesToFloor: Math.ceil(clean(belowFloorPp / (p.stepBp / 100))),
    realRatePct: clean(ratePct - p.inflationPct),
  };
}
