/** FRED's API (`series/observations`, JSON), used when FRED_API_KEY is set; `value` is a string, "." = missing. */
import { z } from 'zod';
import type { Point } from '../../model/spread.js';
import { assertNotHtml, DataFormatError } from '../csv.js';

const body = z.object({
  observations: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), value: z.string() })),
});

export function fredApiUrl(base: string, id: string, apiKey: string, since?: string): string {
  const params = new URLSearchParams({ series_id: id, api_key: apiKey, file_type: 'json', ...(since ? { observation_start: since } : {}) });
  return `${base.replace(/\/$/, '')}/series/observations?${params}`;
}

export function parseFredJson(text: string, id: string): Point[] {
  assertNotHtml(text, `FRED ${id}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataFormatError(`FRED ${id}: response is not JSON`);
  }
  const parsed = body.safeParse(json);
  if (!parsed.success) throw new DataFormatError(`FRED ${id}: ${parsed.error.issues[0]!.path.join('.')}: ${parsed.error.issues[0]!.message}`);
  const points: Point[] = [];
  for (const o of parsed.data.observations) {
    if (o.value === '.' || o.value === '') continue;
    const v = Number(o.value);
    if (!Number.isFinite(v)) throw new DataFormatError(`FRED ${id} ${o.date}: "${o.value}" is not a number`);
    points.push({ date: o.date, value: v });
  }
  return points;
}
