/**
 * FRED's public graph CSV, no key: `{base}/fredgraph.csv?id=DGS10` (base: FRED_GRAPH_BASE_URL,
 * https://fred.stlouisfed.org/graph). Header `observation_date,DGS10` (older files `DATE,DGS10`);
 * "." or an empty value is a day with no observation (a holiday).
 */
import type { Point } from '../../model/spread.js';
import { assertNotHtml, checkAscending, DataFormatError, splitLines, toNumber } from '../csv.js';

export function fredGraphUrl(base: string, id: string, since?: string): string {
  const params = new URLSearchParams({ id });
  if (since) params.set('cosd', since);
  return `${base.replace(/\/$/, '')}/fredgraph.csv?${params}`;
}

export function parseFredGraphCsv(text: string, id: string): Point[] {
  const name = `FRED ${id} (graph CSV)`;
  assertNotHtml(text, name);
  const lines = splitLines(text);
  const header = (lines.shift() ?? '').split(',').map((c) => c.trim());
  if (header.length !== 2 || !/^(observation_date|date)$/i.test(header[0]!)) throw new DataFormatError(`${name}: missing "observation_date,${id}" header`);
  if (header[1]!.toUpperCase() !== id.toUpperCase()) throw new DataFormatError(`${name}: the file is for "${header[1]}", not ${id}`);
  const points: Point[] = [];
  lines.forEach((line, i) => {
    const cells = line.split(',');
    const where = `${name} line ${i + 2}`;
    if (cells.length !== 2) throw new DataFormatError(`${where}: ${cells.length} cells, expected 2`);
    const date = cells[0]!.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new DataFormatError(`${where}: bad date "${date}"`);
    const v = toNumber(cells[1]!, where);
    if (v !== null) points.push({ date, value: v });
  });
  return checkAscending(points, name);
}
