/** Parsers for the file formats the dataset ships (see data/series/sources.json), and CSV helpers. */
import type { Point } from '../model/spread.js';

export class DataFormatError extends Error {
  override name = 'DataFormatError';
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

function splitLines(text: string): string[] {
  return text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
}

function toNumber(raw: string, where: string): number | null {
  const s = raw.trim();
  if (s === '' || s === '.' || s === '-' || s === '#N/A' || s === 'N/A' || s === 'NaN' || s === 'ND') return null;
  const n = Number(s);
  if (!Number.isFinite(n)) throw new DataFormatError(`${where}: "${s}" is not a number`);
  return n;
}

function checkAscending<P extends Point>(points: P[], name: string): P[] {
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.date <= points[i - 1]!.date) {
      throw new DataFormatError(`${name}: dates not ascending at ${points[i]!.date}`);
    }
  }
  return points;
}

/** FRED's CSV: header `date,value` (older downloads: `DATE,SERIES`), empty or "." = missing. */
export function parseFredCsv(text: string, name = 'FRED CSV'): Point[] {
  const lines = splitLines(text);
  const header = lines.shift();
  if (!header || !/^(observation_)?date,/i.test(header)) throw new DataFormatError(`${name}: missing "date,value" header`);
  const points: Point[] = [];
  lines.forEach((line, i) => {
    const [date = '', value = ''] = line.split(',');
    const where = `${name} line ${i + 2}`;
    if (!ISO.test(date.trim())) throw new DataFormatError(`${where}: bad date "${date}"`);
    const v = toNumber(value, where);
    if (v !== null) points.push({ date: date.trim(), value: v });
  });
  return checkAscending(points, name);
}

/** `2024/7/31` → `2024-07-31`. */
export function mofDate(raw: string): string | null {
  const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(raw.trim());
  if (!m) return null;
  return `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
}

/**
 * Japan MOF JGB yield file (English): a title line, then `Date,1Y,…,40Y`, dates `YYYY/M/D`,
 * `-` = missing. The header is found by its first cell, so the current-month file parses too.
 */
export function parseMofCsv(text: string, column: string, name = 'MOF CSV'): Point[] {
  const lines = splitLines(text);
  const headerAt = lines.findIndex((l) => /^date,/i.test(l.trim()));
  if (headerAt < 0) throw new DataFormatError(`${name}: missing "Date,1Y,…" header`);
  const columns = lines[headerAt]!.split(',').map((c) => c.trim());
  const col = columns.indexOf(column);
  if (col < 0) throw new DataFormatError(`${name}: no column "${column}"`);
  const points: Point[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const cells = lines[i]!.split(',');
    const where = `${name} line ${i + 1}`;
    if (cells.length !== columns.length) throw new DataFormatError(`${where}: ${cells.length} cells, the header has ${columns.length}`);
    const date = mofDate(cells[0] ?? '');
    if (!date) throw new DataFormatError(`${where}: bad date "${cells[0]}"`);
    const v = toNumber(cells[col] ?? '', where);
    if (v !== null) points.push({ date, value: v });
  }
  return checkAscending(points, name);
}

/** The observation on a date, or the latest before it. */
export function valueOn(points: readonly Point[], date: string): Point | null {
  let lo = 0;
  let hi = points.length - 1;
  let found: Point | null = null;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const p = points[mid]!;
    if (p.date <= date) {
      found = p;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** Points as a FRED-format CSV. */
export function toFredCsv(points: readonly Point[]): string {
  return `date,value\n${points.map((p) => `${p.date},${p.value}`).join('\n')}\n`;
}

/** An observation and the source that served it ("shipped", or a fetch kind such as "fred", "treasury"). */
export interface Sourced extends Point {
  via: string;
}

/** Refreshed series are stored as `date,value,source` (FRED-like, so older readers still see date,value). */
export function toOverlayCsv(points: readonly Sourced[]): string {
  return `date,value,source\n${points.map((p) => `${p.date},${p.value},${p.via}`).join('\n')}\n`;
}

export function parseOverlayCsv(text: string, name: string, fallbackVia = 'refreshed'): Sourced[] {
  const lines = splitLines(text);
  const header = lines.shift();
  if (!header || !/^date,value(,source)?$/i.test(header.trim())) throw new DataFormatError(`${name}: missing "date,value,source" header`);
  const points: Sourced[] = [];
  lines.forEach((line, i) => {
    const [date = '', value = '', via = ''] = line.split(',');
    const where = `${name} line ${i + 2}`;
    if (!ISO.test(date.trim())) throw new DataFormatError(`${where}: bad date "${date}"`);
    const v = toNumber(value, where);
    if (v !== null) points.push({ date: date.trim(), value: v, via: via.trim() || fallbackVia });
  });
  return checkAscending(points, name);
}

/** One CSV line into cells: commas inside double quotes stay, "" is a quote. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      cells.push(cell);
      cell = '';
    } else cell += c;
  }
  if (quoted) throw new DataFormatError('unterminated quoted field');
  cells.push(cell);
  return cells;
}

/** Non-empty lines of a text file (BOM and CRLF tolerated). */
export { splitLines };

/** A number cell, null for the ways publishers write "no observation". */
export { toNumber };

/** Sorted, strictly ascending dates, or a DataFormatError naming the file. */
export { checkAscending };

/** A web page where data was expected (a portal's error page, a login wall). */
export function assertNotHtml(text: string, name: string): void {
  if (/^\s*(<!doctype html|<html|<\?xml|<head|<body)/i.test(text.replace(/^\uFEFF/, ''))) throw new DataFormatError(`${name}: got a web page (HTML), not data`);
}

/** Union by date, `newer` winning on equal dates; nothing is ever dropped. */
export function mergePoints<P extends Point>(older: readonly P[], newer: readonly P[]): P[] {
  const byDate = new Map(older.map((p) => [p.date, p] as const));
  for (const p of newer) byDate.set(p.date, p);
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
