/** Refreshed data covering the first three weeks of December 2026, as `data refresh` stores it (DATA_DIR/series/<ID>.csv). */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const days = ['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-14', '2026-12-15', '2026-12-16', '2026-12-17', '2026-12-18', '2026-12-21'];
const us = [4.1, 4.12, 4.08, 4.05, 4.06, 4.09, 4.11, 4.13, 4.12, 4.15, 4.17];
const jp = [1.95, 1.96, 1.97, 1.955, 1.96, 1.98, 1.99, 2.0, 2.01, 2.035, 2.06];

const csv = (rows: Array<[string, number]>) => `date,value\n${rows.map(([d, v]) => `${d},${v}`).join('\n')}\n`;

/** Every calendar day from..to (a daily policy-rate file, weekends included, as BIS publishes it). */
function calendarDays(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); d.toISOString().slice(0, 10) <= to; d.setUTCDate(d.getUTCDate() + 1)) out.push(d.toISOString().slice(0, 10));
  return out;
}

/**
 * The BOJ raises its rate to 1% at the meeting ending Fri 18 Dec 2026 (the daily series shows it from
 * Mon 21 Dec); the Fed cuts 25bp at the meeting of 9 Dec (from 10 Dec). Returns the DATA_DIR.
 */
export function writeDecemberData(dir = mkdtempSync(join(tmpdir(), 'carrybot-moves-'))): string {
  const series = join(dir, 'series');
  mkdirSync(series, { recursive: true });
  writeFileSync(join(series, 'DGS10.csv'), csv(days.map((d, i) => [d, us[i]!])));
  writeFileSync(join(series, 'JGB10Y.csv'), csv(days.map((d, i) => [d, jp[i]!])));
  const all = calendarDays('2026-11-02', '2026-12-21');
  writeFileSync(join(series, 'BOJRATE.csv'), csv(all.map((d) => [d, d >= '2026-12-21' ? 1 : 0.75])));
  writeFileSync(join(series, 'DFEDTARU.csv'), csv(all.map((d) => [d, d >= '2026-12-10' ? 3.5 : 3.75])));
  writeFileSync(join(series, 'DFEDTARL.csv'), csv(all.map((d) => [d, d >= '2026-12-10' ? 3.25 : 3.5])));
  return dir;
}
