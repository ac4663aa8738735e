/** The policy → spread → unwind → flows chain (MODEL.md §3f). */
import type { CarryCurve } from './carry.js';
import { fedLiquidity, reservoirRatio, type FedLiquidity, type FedParams } from './fed.js';

export interface ScenarioParams {
  currentSpreadPp: number;
  betaUs: number;
  betaJp: number;
  fed: FedParams;
}

export interface ScenarioResult {
  fedBp: number;
  bojBp: number;
  spreadChangePp: number;
  spreadPp: number;
  unwoundUsd: number;
  repatriatedUsd: number;
  fed: FedLiquidity;
  reservoirRatio: number | null;
}

/** fedBp and bojBp are signed policy moves (a Fed cut is negative). */
export function scenario(fedBp: number, bojBp: number, curve: CarryCurve, p: ScenarioParams): ScenarioResult {
  const spreadChangePp = p.betaUs * (fedBp / 100) - p.betaJp * (bojBp / 100);
  const spreadPp = Math.max(0, p.currentSpreadPp + spreadChangePp);
  const unwoundUsd = curve.unwoundUsd(spreadPp);
  const repatriatedUsd = curve.repatriatedUsd(spreadPp);
  const fed = fedLiquidity(Math.max(0, -fedBp), 0, p.fed);
  return {
    fedBp,
    bojBp,
    spreadChangePp,
    spreadPp,
    unwoundUsd,
    repatriatedUsd,
    fed,
    reservoirRatio: reservoirRatio(repatriatedUsd, fed.totalUsd),
  };
}
