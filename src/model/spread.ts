/** Where a US–JP spread sits in its own history. */
export interface Point {
  date: string;
  value: number;
}

export interface SpreadPosition {
  /** Share of observations at or below the value, 0–1. */
  percentile: number;
  /** The latest observation at or below the value (the value is "the lowest since" the day after it). */
  lastAtOrBelow: Point | null;
  min: Point;
  max: Point;
  count: number;
}

/** Joins two date-sorted series on equal dates into their difference a − b. */
export function differenceSeries(a: readonly Point[], b: readonly Point[]): Point[] {
  const out: Point[] = [];
  let j = 0;
  for (const p of a) {
    while (j < b.length && b[j]!.date < p.date) j++;
    const q = b[j];
    if (q && q.date === p.date) out.push({ date: p.date, value: Number((p.value - q.value).toFixed(6)) });
  }
  return out;
}

export function spreadPosition(value: number, history: readonly Point[]): SpreadPosition | null {
  const first = history[0];
  if (!first) return null;
  let below = 0;
  let lastAtOrBelow: Point | null = null;
  let min = first;
  let max = first;
  for (const p of history) {
    if (p.value <= value) {
      below++;
      lastAtOrBelow = p;
    }
    if (p.value < min.value) min = p;
    if (p.value > max.value) max = p;
  }
  return { percentile: below / history.length, lastAtOrBelow, min, max, count: history.length };
}
