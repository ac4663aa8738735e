/** Small helpers for the benchmark's figures. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function summarize(samples: number[]): { p50: number; p99: number; mean: number; n: number } {
  const s = [...samples].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length, n: s.length };
}

export const ms = (x: number, digits = 3): string => `${x.toFixed(digits)} ms`;

export function table(rows: Array<Record<string, string | number>>): string {
  const cols = Object.keys(rows[0] ?? {});
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(width[i]!)).join('  ');
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...rows.map((r) => line(cols.map((c) => String(r[c]))))].join('\n');
}

/** Messages per second once a broadcast is under way: between its 10th and 90th percentile arrivals (start-up and tail left out). */
export function steadyRate(arrivalsMs: number[]): number {
  const s = [...arrivalsMs].sort((a, b) => a - b);
  if (s.length < 10) return NaN;
  const lo = Math.floor(s.length * 0.1);
  const hi = Math.floor(s.length * 0.9);
  return ((hi - lo) / (s[hi]! - s[lo]!)) * 1000;
}

/** When the first and the last of a broadcast's messages arrived, in seconds from `startMs` (NaN when none did). */
export function arrivalSpan(arrivalsMs: number[], startMs: number): { first: number; last: number } {
  if (!arrivalsMs.length) return { first: NaN, last: NaN };
  return { first: (Math.min(...arrivalsMs) - startMs) / 1000, last: (Math.max(...arrivalsMs) - startMs) / 1000 };
}
