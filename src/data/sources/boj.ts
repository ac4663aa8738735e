/**
 * Bank of Japan time-series API (key-free, public since 2026-02-18), base BOJ_API_BASE_URL
 * (https://www.stat-search.boj.or.jp/api/v1): `{base}/getDataCode?db=FM01&code=STRDCLUCON&lang=en&format=json&startDate=YYYYMM`.
 * It answers HTTP 200 even for errors: the body's STATUS (200, 400, 500, 503) and MESSAGEID say
 * whether it worked (M181000I = data, M181030I = no data for that period). Data sit in
 * RESULTSET[].VALUES.SURVEY_DATES (YYYYMMDD numbers for daily series) and .VALUES (null = none);
 * NEXTPOSITION, when not null, is the startPosition of the next page.
 */
import { z } from 'zod';
import type { Point } from '../../model/spread.js';
import { assertNotHtml, checkAscending, DataFormatError } from '../csv.js';

export class BojStatusError extends DataFormatError {
  override name = 'BojStatusError';
}

const envelope = z.object({
  STATUS: z.coerce.number(),
  MESSAGEID: z.string().optional(),
  MESSAGE: z.string().nullish(),
  NEXTPOSITION: z.union([z.number(), z.string(), z.null()]).optional(),
  RESULTSET: z.array(z.unknown()).nullish(),
});

const result = z.object({
  SERIES_CODE: z.string(),
  VALUES: z.object({
    SURVEY_DATES: z.array(z.union([z.number(), z.string()])),
    VALUES: z.array(z.union([z.number(), z.string(), z.null()])),
  }),
});

export function bojUrl(base: string, q: { db: string; code: string; startDate: string; startPosition?: number | undefined }): string {
  const params = new URLSearchParams({ db: q.db, code: q.code, lang: 'en', format: 'json', startDate: q.startDate });
  if (q.startPosition !== undefined) params.set('startPosition', String(q.startPosition));
  return `${base.replace(/\/$/, '')}/getDataCode?${params}`;
}

/** One page of a getDataCode answer: the series' observations and the next page's position (null: last). */
export function parseBojJson(text: string, code: string): { points: Point[]; next: number | null } {
  const name = `BOJ ${code}`;
  assertNotHtml(text, name);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataFormatError(`${name}: response is not JSON (truncated?)`);
  }
  const env = envelope.safeParse(json);
  if (!env.success) throw new DataFormatError(`${name}: not a getDataCode answer (${env.error.issues[0]!.path.join('.') || 'root'}: ${env.error.issues[0]!.message})`);
  const { STATUS, MESSAGEID, MESSAGE, NEXTPOSITION, RESULTSET } = env.data;
  if (STATUS !== 200) throw new BojStatusError(`${name}: STATUS ${STATUS} ${MESSAGEID ?? ''} ${MESSAGE ?? ''}`.trim());
  const next = NEXTPOSITION === null || NEXTPOSITION === undefined || NEXTPOSITION === '' ? null : Number(NEXTPOSITION);
  if (next !== null && !Number.isInteger(next)) throw new DataFormatError(`${name}: NEXTPOSITION "${NEXTPOSITION}" is not a position`);
  if (MESSAGEID === 'M181030I') return { points: [], next: null }; // success, no data in the period
  const series = (RESULTSET ?? []).map((r) => result.safeParse(r)).filter((r) => r.success).map((r) => r.data).filter((r) => r.SERIES_CODE.toUpperCase() === code.toUpperCase());
  const s = series[0];
  if (!s) throw new DataFormatError(`${name}: RESULTSET has no series ${code}`);
  const { SURVEY_DATES: dates, VALUES: values } = s.VALUES;
  if (dates.length !== values.length) throw new DataFormatError(`${name}: ${dates.length} dates but ${values.length} values`);
  const points: Point[] = [];
  dates.forEach((raw, i) => {
    const m = /^(\d{4})(\d{2})(\d{2})$/.exec(String(raw));
    if (!m) throw new DataFormatError(`${name}: bad survey date "${raw}"`);
    const v = values[i];
    if (v === null || v === undefined || v === '') return;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new DataFormatError(`${name} ${raw}: "${v}" is not a number`);
    points.push({ date: `${m[1]}-${m[2]}-${m[3]}`, value: n });
  });
  return { points: checkAscending(points, name), next };
}
