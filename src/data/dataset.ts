/**
 * The embedded dataset: presets, calendar, fact-check claims and time series, read from data/
 * and validated once. Series are parsed on first use, so start-up reads only the small JSON files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Point } from '../model/spread.js';
import { differenceSeries } from '../model/spread.js';
import { parseFredCsv, parseMofCsv, valueOn } from './csv.js';
import {
  calendarSchema,
  factcheckSchema,
  presetSchema,
  sourcesSchema,
  type Calendar,
  type Factcheck,
  type Preset,
  type PresetName,
  type SeriesInfo,
} from './schema.js';
import { shippedDataDir } from './paths.js';

export class DataFileError extends Error {
  override name = 'DataFileError';
}

export interface Dataset {
  presets: Record<PresetName, Preset>;
  calendar: Calendar;
  factcheck: Factcheck;
  seriesInfo: Record<string, SeriesInfo>;
  series(id: string): Point[];
  /** US 10y − JGB 10y on days both were observed (MOF file, then press-reported points). */
  spreadHistory(): Point[];
  /** Today's spread in a preset, pp. */
  currentSpread(preset: Preset): number;
}

function readJson<S extends z.ZodType>(dir: string, file: string, schema: S): z.infer<S> {
  const path = join(dir, file);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new DataFileError(`${path}: ${(err as Error).message}`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const field = issue.path.join('.') || '(root)';
    throw new DataFileError(`${path}: ${field}: ${issue.message}`);
  }
  return parsed.data;
}

export function loadDataset(dir: string = shippedDataDir()): Dataset {
  const presets = {
    observed: readJson(dir, 'presets/observed.json', presetSchema),
    article: readJson(dir, 'presets/article.json', presetSchema),
  };
  for (const [name, p] of Object.entries(presets)) {
    if (p.name !== name) throw new DataFileError(`${join(dir, `presets/${name}.json`)}: name: expected "${name}"`);
  }
  const calendar = readJson(dir, 'calendar.json', calendarSchema);
  const factcheck = readJson(dir, 'factcheck.json', factcheckSchema);
  const seriesInfo = readJson(dir, 'series/sources.json', sourcesSchema);

  const cache = new Map<string, Point[]>();
  const series = (id: string): Point[] => {
    const hit = cache.get(id);
    if (hit) return hit;
    const info = seriesInfo[id];
    if (!info) throw new DataFileError(`unknown series "${id}"`);
    const path = join(dir, 'series', info.file ?? `${id}.csv`);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new DataFileError(`${path}: ${(err as Error).message}`);
    }
    const points = info.format === 'mof' ? parseMofCsv(text, info.column ?? '10Y', path) : parseFredCsv(text, path);
    cache.set(id, points);
    return points;
  };

  let spread: Point[] | undefined;
  const spreadHistory = (): Point[] => {
    if (!spread) {
      const mof = series('JGB10Y');
      const lastMof = mof[mof.length - 1]?.date ?? '';
      const jgb = [...mof, ...series('JGB10Y_PRESS').filter((p) => p.date > lastMof)];
      spread = differenceSeries(series('DGS10'), jgb);
    }
    return spread;
  };

  return {
    presets,
    calendar,
    factcheck,
    seriesInfo,
    series,
    spreadHistory,
    currentSpread: (p) => Number((p.figures.us10y.value - p.figures.jp10y.value).toFixed(6)),
  };
}

export { valueOn };
