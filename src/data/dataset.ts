/**
 * The embedded dataset: presets, calendar, fact-check claims and time series, read from data/
 * and validated once. Series are parsed on first use, so start-up reads only the small JSON files.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import type { Point } from '../model/spread.js';
import { differenceSeries } from '../model/spread.js';
import { mergePoints, parseFredCsv, parseMofCsv, parseOverlayCsv, type Sourced } from './csv.js';
import { compressSteps } from './sources/policy-step.js';
import { countOnOrBefore } from '../model/moves.js';
import {
  calendarSchema,
  factcheckSchema,
  presetSchema,
  publishersSchema,
  sourcesSchema,
  type Calendar,
  type Factcheck,
  type NumberFigure,
  type Preset,
  type PresetName,
  type PublisherId,
  type Publishers,
  type SeriesInfo,
} from './schema.js';
import { shippedDataDir } from './paths.js';

export class DataFileError extends Error {
  override name = 'DataFileError';
}

/** The newest observation of a series, with where it came from. */
export interface Observation extends Point {
  series: string;
  /** "shipped", a fetch kind ("fred", "treasury", "mof", "boj", "bis", "callStep") or "fill:<series>". */
  via: string;
  origin: 'shipped' | 'refreshed';
  /** The source's name as answers credit it, e.g. "FRED DGS10", "US Treasury par yield curve, 10 Yr". */
  source: string;
  /** True when a fallback served it (not the series' primary source, not the shipped file). */
  fallback: boolean;
}

export interface Dataset {
  /** Presets as answers use them: the observed one follows the newest observation of each series (see reload). */
  presets: Record<PresetName, Preset>;
  calendar: Calendar;
  factcheck: Factcheck;
  seriesInfo: Record<string, SeriesInfo>;
  publishers: Publishers;
  /** Shipped and refreshed observations merged (refreshed win on equal dates), plus the fill series. */
  series(id: string): Point[];
  /** The same with each observation's source. */
  sourced(id: string): Sourced[];
  /** The newest observation and its source (null: the series has none). */
  latest(id: string): Observation | null;
  /** How answers credit an observation of `id` served `via` a source. */
  sourceName(id: string, via: string): string;
  /** US 10y − JGB 10y on days both were observed (MOF file, then press-reported points). */
  spreadHistory(): Point[];
  /** Today's spread in a preset, pp. */
  currentSpread(preset: Preset): number;
  /** The observations a refresh stored for a series (empty: shipped data only). */
  refreshedSeries(id: string): Sourced[];
  /** The last refreshed observation of a series (null: shipped data only). */
  refreshed(id: string): Point | null;
  /** Re-reads refreshed series from the overlay and moves the observed preset's figures to them. */
  reload(): void;
  /**
   * Reloads when another process (e.g. `carrybot data refresh`) changed the stored series since the
   * last load; true when it did. Cheap: one stat per file. See watchDataset for the timer.
   */
  checkForUpdates(): boolean;
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

/** "{id} in {column}" with the fetch's fields. */
export function fill(template: string, fields: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (fields[k] === undefined ? m : String(fields[k])));
}

/** Change over 12 months in %, from an index's last observation (null without a point a year before). */
function yoy(points: readonly Point[]): Point | null {
  const last = points.at(-1);
  if (!last) return null;
  const yearBefore = `${Number(last.date.slice(0, 4)) - 1}${last.date.slice(4)}`;
  const base = points.find((p) => p.date === yearBefore);
  if (!base || base.value === 0) return null;
  return { date: last.date, value: Number(((last.value / base.value - 1) * 100).toFixed(2)) };
}

/**
 * The observed preset is the checked snapshot shipped with the project; a figure that names a
 * series moves to that series' newest observation, shipped or refreshed, when it is newer, and
 * takes the series' source and staleness limit (one rule for stale everywhere).
 */
function follow(preset: Preset, ds: Pick<Dataset, 'latest' | 'series' | 'seriesInfo'>): Preset {
  const figures = { ...preset.figures } as Record<string, NumberFigure | Preset['figures']['qtEnd']>;
  for (const [key, fig] of Object.entries(figures)) {
    if (!('series' in fig) || !fig.series) continue;
    const info = ds.seriesInfo[fig.series];
    if (!info) continue;
    const withLimit = { ...fig, staleAfterDays: info.staleAfterDays };
    figures[key] = withLimit;
    const last = ds.latest(fig.series);
    if (!last) continue;
    const point = fig.transform === 'yoy' ? yoy(ds.series(fig.series)) : last;
    if (!point || point.date <= fig.asOf) continue;
    const grade = last.via.startsWith('fill:') ? (ds.seriesInfo[last.via.slice(5)]?.grade ?? 'P') : 'V';
    figures[key] = { ...withLimit, value: Number((point.value * (fig.scale ?? 1)).toPrecision(12)), asOf: point.date, source: last.source, grade };
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

  const publishers = readJson(dir, 'publishers.json', publishersSchema);

  const overlayDir = o.overlayDir ? join(o.overlayDir, 'series') : null;
  const cache = new Map<string, Sourced[]>();
  const overlayCache = new Map<string, Sourced[]>();
  const read = (path: string) => {
    try {
      return readFileSync(path, 'utf8');
    } catch (err) {
      throw new DataFileError(`${path}: ${(err as Error).message}`);
    }
  };
  /** Refreshed observations, stored as `date,value,source` CSV under DATA_DIR/series. */
  const overlay = (id: string): Sourced[] => {
    let points = overlayCache.get(id);
    if (!points) {
      const path = overlayDir ? join(overlayDir, `${id}.csv`) : null;
      points = path && existsSync(path) ? parseOverlayCsv(read(path), path) : [];
      overlayCache.set(id, points);
    }
    return points;
  };
  const sourced = (id: string): Sourced[] => {
    const hit = cache.get(id);
    if (hit) return hit;
    const info = seriesInfo[id];
    if (!info) throw new DataFileError(`unknown series "${id}"`);
    const path = join(dir, 'series', info.file ?? `${id}.csv`);
    const shipped = existsSync(path) ? (info.format === 'mof' ? parseMofCsv(read(path), info.column ?? '10Y', path) : parseFredCsv(read(path), path)) : [];
    let points = mergePoints<Sourced>(shipped.map((p) => ({ ...p, via: 'shipped' })), overlay(id));
    if (info.fill) {
      const have = new Set(points.map((p) => p.date));
      const extra = sourced(info.fill).filter((p) => !have.has(p.date)).map((p) => ({ ...p, via: `fill:${info.fill}` }));
      points = mergePoints(points, extra);
    }
    if (info.steps) points = compressSteps(points);
    cache.set(id, points);
    return points;
  };
  const plain = new Map<string, Point[]>();
  const series = (id: string): Point[] => {
    let points = plain.get(id);
    if (!points) {
      points = sourced(id).map(({ date, value }) => ({ date, value }));
      plain.set(id, points);
    }
    return points;
  };
  const refreshed = (id: string): Point | null => overlay(id).at(-1) ?? null;
  const sourceName = (id: string, via: string): string => {
    const info = seriesInfo[id];
    if (!info || via === 'shipped') return info?.source ?? id;
    if (via.startsWith('fill:')) return seriesInfo[via.slice(5)]?.source ?? via.slice(5);
    const spec = info.fetch.find((f) => f.from === via || (via === 'fredApi' && f.from === 'fred'));
    const publisher = publishers[via as PublisherId];
    return spec && publisher ? fill(publisher.label, spec) : info.source;
  };
  const latest = (id: string): Observation | null => {
    const last = sourced(id).at(-1);
    if (!last) return null;
    const primary = seriesInfo[id]?.fetch[0]?.from;
    const isPrimary = last.via === primary || (last.via === 'fredApi' && primary === 'fred');
    return {
      series: id,
      date: last.date,
      value: last.value,
      via: last.via,
      origin: last.via === 'shipped' || last.via.startsWith('fill:') ? 'shipped' : 'refreshed',
      source: sourceName(id, last.via),
      fallback: last.via !== 'shipped' && !last.via.startsWith('fill:') && !isPrimary,
    };
  };

  let spread: Point[] | undefined;
  const spreadHistory = (): Point[] => (spread ??= differenceSeries(series('DGS10'), jgbHistory()));
  const views = new Map<string, Dataset>();

  /** mtime and size of every stored series: what another process's refresh changes. */
  const signature = (): string => {
    if (!overlayDir || !existsSync(overlayDir)) return '';
    return readdirSync(overlayDir)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => {
        try {
          const st = statSync(join(overlayDir, f));
          return `${f}:${st.mtimeMs}:${st.size}`;
        } catch {
          return `${f}:gone`;
        }
      })
      .join('|');
  };
  let seen = '';

  let jgb: Point[] | undefined;
  /** JGB 10y: the MOF file (with press-reported points on days it lacks), then press points after its last day. */
  const jgbHistory = (): Point[] => {
    if (!jgb) {
      const mof = series('JGB10Y');
      const lastMof = mof[mof.length - 1]?.date ?? '';
      jgb = [...mof, ...series('JGB10Y_PRESS').filter((p) => p.date > lastMof)];
    }
    return jgb;
  };
  const reload = () => {
    seen = signature();
    cache.clear();
    plain.clear();
    overlayCache.clear();
    views.clear();
    spread = undefined;
    presets.observed = follow(pristine.observed, { latest, series, seriesInfo });
    jgb = undefined;
  };
  reload();
  const checkForUpdates = () => {
    if (signature() === seen) return false;
    reload();
    return true;
  };

  const whole: Dataset = {
    presets,
    publishers,
    sourced,
    latest,
    sourceName,
    checkForUpdates,
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
function clipPoints<P extends Point>(points: P[], date: string): P[] {
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
    sourced: (id) => clipPoints(whole.sourced(id), date),
    latest: (id) => {
      const last = clipPoints(whole.sourced(id), date).at(-1);
      if (!last) return null;
      const now = whole.latest(id);
      if (now && now.date === last.date) return now;
      const primary = whole.seriesInfo[id]?.fetch[0]?.from;
      const refreshedVia = last.via !== 'shipped' && !last.via.startsWith('fill:');
      return { series: id, date: last.date, value: last.value, via: last.via, origin: refreshedVia ? 'refreshed' : 'shipped', source: whole.sourceName(id, last.via), fallback: refreshedVia && last.via !== primary && !(last.via === 'fredApi' && primary === 'fred') };
    },
    refreshedSeries: (id) => clipPoints(whole.refreshedSeries(id), date),
    refreshed: (id) => clipPoints(whole.refreshedSeries(id), date).at(-1) ?? null,
    spreadHistory: () => (spread ??= clipPoints(whole.spreadHistory(), date)),
    jgbHistory: () => (jgb ??= clipPoints(whole.jgbHistory(), date)),
    clippedTo: date,
    asOf: (other) => whole.asOf(other < date ? other : date),
  };
  return view;
}

