/**
 * Japan MOF JGB yields: `jgbcme_all.csv` (history) and `jgbcme.csv` (current month) under
 * /english/policy/jgbs/reference/interest_rate/ (MOF_JGB_CSV_URL, MOF_JGB_CSV_CURRENT_URL).
 * A title line, then `Date,1Y,…,40Y`, dates YYYY/M/D, "-" = missing (parser in ../csv.ts, shared with
 * the shipped file).
 */
import type { Point } from '../../model/spread.js';
import { assertNotHtml, parseMofCsv } from '../csv.js';

export function parseMofFile(text: string, column: string, name: string): Point[] {
  assertNotHtml(text, name);
  return parseMofCsv(text, column, name);
}
