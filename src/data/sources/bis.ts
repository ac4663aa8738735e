/**
 * BIS SDMX API, key-free, base BIS_API_BASE_URL (https://stats.bis.org/api/v1):
 * `{base}/data/WS_CBPOL/D.JP/all?startPeriod=YYYY-MM-DD&format=csv` — central-bank policy rates,
 * daily, Japan. SDMX-CSV: a header naming the columns (`DATAFLOW,FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE,…`;
 * with labels, `FREQ:Frequency`), one row per observation, quoted text fields, "NaN" or empty = none.
 */
import type { Point } from '../../model/spread.js';
import { assertNotHtml, checkAscending, DataFormatError, splitCsvLine, splitLines, toNumber } from '../csv.js';

export function bisUrl(base: string, flow: string, key: string, startPeriod: string): string {
  return `${base.replace(/\/$/, '')}/data/${flow}/${key}/all?${new URLSearchParams({ startPeriod, format: 'csv' })}`;
}

/** `D: Daily` → `D`; `FREQ:Frequency` → `FREQ`. */
const code = (cell: string) => cell.split(':')[0]!.trim();

export function parseBisCsv(text: string, flow: string, key: string): Point[] {
  const name = `BIS ${flow} ${key}`;
  assertNotHtml(text, name);
  const lines = splitLines(text);
  const header = splitCsvLine(lines.shift() ?? '').map(code);
  const col = (c: string) => header.indexOf(c);
  const [iDate, iValue, iFreq, iArea] = [col('TIME_PERIOD'), col('OBS_VALUE'), col('FREQ'), col('REF_AREA')];
  if (iDate < 0 || iValue < 0) throw new DataFormatError(`${name}: no TIME_PERIOD/OBS_VALUE columns (not SDMX-CSV)`);
  const [freq, area] = key.split('.');
  const points: Point[] = [];
  lines.forEach((line, i) => {
    const where = `${name} line ${i + 2}`;
    let cells: string[];
    try {
      cells = splitCsvLine(line);
    } catch {
      throw new DataFormatError(`${where}: unterminated quoted field (truncated?)`);
    }
    if (cells.length !== header.length) throw new DataFormatError(`${where}: ${cells.length} cells, the header has ${header.length}`);
    if ((iFreq >= 0 && freq && code(cells[iFreq]!) !== freq) || (iArea >= 0 && area && code(cells[iArea]!) !== area)) {
      throw new DataFormatError(`${where}: a row for ${code(cells[iFreq] ?? '')}.${code(cells[iArea] ?? '')}, not ${key}`);
    }
    const date = cells[iDate]!.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DataFormatError(`${where}: bad date "${date}"`);
    const v = toNumber(cells[iValue]!, where);
    if (v !== null) points.push({ date, value: v });
  });
  return checkAscending(points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)), name);
}
