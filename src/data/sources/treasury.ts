/**
 * US Treasury daily par yield curve, one CSV per year (base: TREASURY_BASE_URL):
 * `{base}/daily-treasury-rates.csv/{YYYY}/all?type=daily_treasury_yield_curve&field_tdr_date_value={YYYY}&page&_format=csv`.
 * Header `Date,"1 Mo","2 Mo",…,"10 Yr","20 Yr","30 Yr"`, newest day first, dates MM/DD/YYYY.
 */
import type { Point } from '../../model/spread.js';
import { assertNotHtml, checkAscending, DataFormatError, splitCsvLine, splitLines, toNumber } from '../csv.js';

export function treasuryUrl(base: string, year: number): string {
  return `${base.replace(/\/$/, '')}/daily-treasury-rates.csv/${year}/all?type=daily_treasury_yield_curve&field_tdr_date_value=${year}&page&_format=csv`;
}

export function parseTreasuryCsv(text: string, column: string, name = 'US Treasury yield curve CSV'): Point[] {
  assertNotHtml(text, name);
  const lines = splitLines(text);
  const header = splitCsvLine(lines.shift() ?? '').map((c) => c.trim());
  if (header[0]?.toLowerCase() !== 'date') throw new DataFormatError(`${name}: missing "Date,"1 Mo",…" header`);
  const col = header.indexOf(column);
  if (col < 0) throw new DataFormatError(`${name}: no column "${column}"`);
  const points: Point[] = [];
  lines.forEach((line, i) => {
    const cells = splitCsvLine(line);
    const where = `${name} line ${i + 2}`;
    if (cells.length !== header.length) throw new DataFormatError(`${where}: ${cells.length} cells, the header has ${header.length}`);
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(cells[0]!.trim());
    if (!m) throw new DataFormatError(`${where}: bad date "${cells[0]}"`);
    const v = toNumber(cells[col]!, where);
    if (v !== null) points.push({ date: `${m[3]}-${m[1]}-${m[2]}`, value: v });
  });
  return checkAscending(points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)), name);
}
