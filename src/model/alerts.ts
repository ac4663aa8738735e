/**
 * When a threshold alert fires and when it re-arms. Pure: values in, a verdict out.
 *
 * An armed alert fires when the value is past its line (strictly below / strictly above). It then
 * stays quiet until the value has come back across the line by at least the hysteresis band (for a
 * "below 2.00" alert with a 10bp band: 2.10 or more), so a value hovering at the line does not
 * send a message each day.
 */
export type Direction = 'above' | 'below';

const EPS = 1e-9;

/** The value is past the line. */
export function crossed(op: Direction, threshold: number, value: number): boolean {
  return op === 'below' ? value < threshold - EPS : value > threshold + EPS;
}

/** The value has come back across the line by at least `bandPp`. */
export function rearmed(op: Direction, threshold: number, value: number, bandPp: number): boolean {
  return op === 'below' ? value >= threshold + bandPp - EPS : value <= threshold - bandPp + EPS;
}

/** The level at which a fired alert re-arms. */
export function rearmLevel(op: Direction, threshold: number, bandPp: number): number {
  return Number((op === 'below' ? threshold + bandPp : threshold - bandPp).toFixed(6));
}

/** The side of the line a value is on now, for "/alert spread 1.5" without a direction: the line ahead of it. */
export function directionToward(threshold: number, value: number): Direction {
  return value > threshold ? 'below' : 'above';
}

export type AlertStep = 'fire' | 'rearm' | 'none';

/** What an alert does on seeing `value`. */
export function step(a: { op: Direction; threshold: number; armed: boolean }, value: number, bandPp: number): AlertStep {
  if (a.armed) return crossed(a.op, a.threshold, value) ? 'fire' : 'none';
  return rearmed(a.op, a.threshold, value, bandPp) ? 'rearm' : 'none';
}
