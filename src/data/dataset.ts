/**
 * The embedded dataset: presets, calendar, fact-check claims and time series, read from data/
 * and validated once. Series are parsed on first use, so start-up reads only the small JSON files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Point } from '../model/spread.js';
import { differenceSeries } from '../model/spread.js';
import { countOnOrBefore } from '../model/moves.js';
import { mergePoints, parseFredCsv, parseMofCsv } from './csv.js';
import {
  calendarSchema,
  factcheckSchema,
  presetSchema,
  sourcesSchema,
  type Calendar,
  type Factcheck,
  type NumberFigure,
  type Preset,
  type PresetName,
  type SeriesInfo,
} from './schema.js';
import { shippedDataDir } from './paths.js';

export class DataFileError extends Error {
  override name = 'DataFileError';
}

export interface Dataset {
  /** Presets as answers use them: the observed one follows refreshed series (see reload). */
  presets: Record<PresetName, Preset>;
  calendar: Calendar;
  factcheck: Factcheck;
  seriesInfo: Record<string, SeriesInfo>;
  series(id: string): Point[];
  /** US 10y − JGB 10y on days both were observed (MOF file, then press-reported points). */
  spreadHistory(): Point[];
  /** Today's spread in a preset, pp. */
  currentSpread(preset: Preset): number;
  /** The observations a refresh stored for a series (empty: shipped data only). */
  refreshedSeries(id: string): Point[];
  /** The last refreshed observation of a series (null: shipped data only). */
  refreshed(id: string): Point | null;
  /** Re-reads refreshed series from the overlay and moves the observed preset's figures to them. */
  reload(): void;
  /** Where refreshed series are stored (null: no DATA_DIR, shipped data only). */
  overlayDir: string | null;
  /** JGB 10y: the MOF file, then press-reported points after its last day (as spreadHistory joins them). */
  jgbHistory(): Point[];
  /**
   * The dataset as it stood on `date` (ISO, inclusive): see asOfView. Answers build their context
   * from this view with today's date, and `ask --at` with an earlier one: one code path.
   */
  asOf(date: string): Dataset;
  /** The date a view is clipped to (null: the whole dataset). */
  clippedTo: string | null;
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

/**
 * The observed preset is the checked snapshot shipped with the project; a figure that names a
 * series moves to that series' latest *refreshed* observation when it is newer.
 */
function follow(preset: Preset, refreshed: (id: string) => Point | null, info: Record<string, SeriesInfo>): Preset {
  const figures = { ...preset.figures } as Record<string, NumberFigure | Preset['figures']['qtEnd']>;
  for (const [key, fig] of Object.entries(figures)) {
    if (!('series' in fig) || !fig.series) continue;
    const last = refreshed(fig.series);
    if (!last || last.date <= fig.asOf) continue;
    figures[key] = { ...fig, value: Number((last.value * (fig.scale ?? 1)).toPrecision(12)), asOf: last.date, source: info[fig.series]?.source ?? fig.series, grade: 'V' };
  }
  return { ...preset, figures: figures as Preset['figures'] };
}

export function loadDataset(dir: string = shippedDataDir(), o: { overlayDir?: string } = {}): Dataset {
  const pristine = {
    observed: readJson(dir, 'presets/observed.json', presetSchema),
    article: readJson(dir, 'presets/article.json', presetSchema),
  };
  const presets = { ...pristine };
  for (const [name, p] of Object.entries(presets)) {
    if (p.name !== name) throw new DataFileError(`${join(dir, `presets/${name}.json`)}: name: expected "${name}"`);
  }
  const calendar = readJson(dir, 'calendar.json', calendarSchema);
  const factcheck = readJson(dir, 'factcheck.json', factcheckSchema);
  const seriesInfo = readJson(dir, 'series/sources.json', sourcesSchema);

  const overlayDir = o.overlayDir ? join(o.overlayDir, 'series') : null;
  const cache = new Map<string, Point[]>();
  const overlayCache = new Map<string, Point[]>();
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new DataFileError(`${path}: ${(err as Error).message}`);
    }
  };
  /** Refreshed observations, stored as FRED-format CSV under DATA_DIR/series. */
  const overlay = (id: string): Point[] => {
    let points = overlayCache.get(id);
    if (!points) {
      const path = overlayDir ? join(overlayDir, `${id}.csv`) : null;
      points = path && existsSync(path) ? parseFredCsv(read(path), path) : [];
      overlayCache.set(id, points);
    }
    return points;
  };
  const series = (id: string): Point[] => {
    const hit = cache.get(id);
    if (hit) return hit;
    const info = seriesInfo[id];
    if (!info) throw new DataFileError(`unknown series "${id}"`);
    const path = join(dir, 'series', info.file ?? `${id}.csv`);
    const shipped = existsSync(path) ? (info.format === 'mof' ? parseMofCsv(read(path), info.column ?? '10Y', path) : parseFredCsv(read(path), path)) : [];
    const points = mergePoints(shipped, overlay(id));
    cache.set(id, points);
    return points;
  };
  const refreshed = (id: string): Point | null => overlay(id).at(-1) ?? null;

  let spread: Point[] | undefined;
  let jgb: Point[] | undefined;
  const jgbHistory = (): Point[] => {
    if (!jgb) {
      const mof = series('JGB10Y');
      const lastMof = mof[mof.length - 1]?.date ?? '';
      jgb = [...mof, ...series('JGB10Y_PRESS').filter((p) => p.date > lastMof)];
    }
    return jgb;
  };
  const spreadHistory = (): Point[] => (spread ??= differenceSeries(series('DGS10'), jgbHistory()));

  const views = new Map<string, Dataset>();
  const reload = () => {
    cache.clear();
    overlayCache.clear();
    views.clear();
    spread = undefined;
    jgb = undefined;
    presets.observed = follow(pristine.observed, refreshed, seriesInfo);
  };
  reload();

  const whole: Dataset = {
    presets,
    refreshed,
    refreshedSeries: overlay,
    reload,
    overlayDir,
    calendar,
    factcheck,
    seriesInfo,
    series,
    spreadHistory,
    currentSpread: (p) => Number((p.figures.us10y.value - p.figures.jp10y.value).toFixed(6)),
    jgbHistory,
    clippedTo: null,
    asOf(date: string): Dataset {
      let view = views.get(date);
      if (!view) {
        if (views.size >= 32) views.clear();
        view = asOfView(whole, date);
        views.set(date, view);
      }
      return view;
    },
  };
  return whole;
}

/** The points dated on or before `date` (the same array when none is later). */
function clipPoints(points: Point[], date: string): Point[] {
  const n = countOnOrBefore(points, date);
  return n === points.length ? points : points.slice(0, n);
}

/**
 * The dataset as it stood on `date`: series hold only observations dated on or before it; each
 * observed figure that follows a series and is dated later goes back to that series' last
 * observation on or before the date (a figure with no such observation keeps its value); meeting
 * dates whose schedule was published after the date are unconfirmed. Series are clipped lazily.
 */
export function asOfView(whole: Dataset, date: string): Dataset {
  const clipped = new Map<string, Point[]>();
  const series = (id: string): Point[] => {
    let points = clipped.get(id);
    if (!points) clipped.set(id, (points = clipPoints(whole.series(id), date)));
    return points;
  };
  let spread: Point[] | undefined;
  let jgb: Point[] | undefined;
  const observed = whole.presets.observed;
  const figures = { ...observed.figures } as Record<string, NumberFigure | Preset['figures']['qtEnd']>;
  for (const [key, fig] of Object.entries(figures)) {
    if (!('series' in fig) || !fig.series || fig.asOf <= date) continue;
    const last = (fig.series === 'JGB10Y' ? (jgb ??= clipPoints(whole.jgbHistory(), date)) : series(fig.series)).at(-1);
    if (!last) continue;
    const info = whole.seriesInfo[fig.series];
    figures[key] = { ...fig, value: Number((last.value * (fig.scale ?? 1)).toPrecision(12)), asOf: last.date, source: info?.source ?? fig.source, grade: info?.grade ?? fig.grade };
  }
  const unpublished = <B extends Calendar['fomc']>(cal: B): B => {
    const published = (year: number) => cal.sources?.find((src) => src.years.includes(year))?.published;
    const meetings = cal.meetings.map((m) => {
      const p = published(Number(m.end.slice(0, 4)));
      return m.confirmed && p !== undefined && p > date ? { ...m, confirmed: false } : m;
    });
    return { ...cal, meetings };
  };
  const calendar: Calendar = { fomc: unpublished(whole.calendar.fomc), boj: unpublished(whole.calendar.boj) };
  const view: Dataset = {
    ...whole,
    presets: { observed: { ...observed, figures: figures as Preset['figures'] }, article: whole.presets.article },
    calendar,
    series,
    refreshedSeries: (id) => clipPoints(whole.refreshedSeries(id), date),
    refreshed: (id) => clipPoints(whole.refreshedSeries(id), date).at(-1) ?? null,
    spreadHistory: () => (spread ??= clipPoints(whole.spreadHistory(), date)),
    jgbHistory: () => (jgb ??= clipPoints(whole.jgbHistory(), date)),
    clippedTo: date,
    asOf: (other) => whole.asOf(other < date ? other : date),
  };
  return view;
}

