/** Pure calendar arithmetic on ISO dates (YYYY-MM-DD), in UTC, so results never depend on the host zone. */
const DAY_MS = 86_400_000;

export function toEpochDay(iso: string): number {
  return Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}

export function fromEpochDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

export function daysBetween(fromIso: string, toIso: string): number {
  return toEpochDay(toIso) - toEpochDay(fromIso);
}

/** Adds calendar months, clamping the day to the target month's length (Jan 31 + 1 month → Feb 28/29). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(Date.UTC(year, month, Math.min(d, lastDay))).toISOString().slice(0, 10);
}

/** Whole months from one date to another (floor), e.g. 2025-12-01 → 2026-03-15 is 3. */
export function monthsBetween(fromIso: string, toIso: string): number {
  const [y0, m0, d0] = fromIso.split('-').map(Number) as [number, number, number];
  const [y1, m1, d1] = toIso.split('-').map(Number) as [number, number, number];
  return (y1 - y0) * 12 + (m1 - m0) - (d1 < d0 ? 1 : 0);
}
