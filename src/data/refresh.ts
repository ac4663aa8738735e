/**
 * Live data, key-free by default: FRED's public graph CSV (its API when FRED_API_KEY is set), the
 * US Treasury yield-curve CSV as the fallback for the US 10y and 2y, the MOF JGB files, the Bank of
 * Japan's time-series API (call rate) and the BIS policy-rate data set, with the call rate's step
 * after a BOJ meeting filling (and cross-checking) the policy rate when BIS lags.
 *
 * Each series is fetched and validated whole before anything is written; new observations are
 * merged into DATA_DIR/series/<ID>.csv (`date,value,source`; new data never deletes old) by an
 * atomic rename. A source that is down, slow, truncated, malformed or answers with a web page
 * changes nothing: the bot keeps answering from the last good data.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { Point } from '../model/spread.js';
import { addMonths, daysBetween, fromEpochDay, toEpochDay } from '../model/dates.js';
import { DataFormatError, mergePoints, toOverlayCsv, type Sourced } from './csv.js';
import type { Dataset } from './dataset.js';
import { PoliteHttp, redact, type HttpOptions, type Validators } from './http.js';
import type { FetchSpec, PublisherId, SeriesInfo } from './schema.js';
import { bisUrl, parseBisCsv } from './sources/bis.js';
import { bojUrl, parseBojJson } from './sources/boj.js';
import { fredApiUrl, parseFredJson } from './sources/fred-api.js';
import { fredGraphUrl, parseFredGraphCsv } from './sources/fred-graph.js';
import { parseMofFile } from './sources/mof.js';
import { compressSteps, crossCheck, policyFromCallRate } from './sources/policy-step.js';
import { parseTreasuryCsv, treasuryUrl } from './sources/treasury.js';
import { todayIn } from './stale.js';

export interface RefreshConfig extends HttpOptions {
  fredApiKey?: string | undefined;
  fredGraphBaseUrl: string;
  fredApiBaseUrl: string;
  treasuryBaseUrl: string;
  bojApiBaseUrl: string;
  bisApiBaseUrl: string;
  mofHistoryUrl?: string | undefined;
  mofCurrentUrl?: string | undefined;
}

export interface SeriesResult {
  id: string;
  /** Who is asked first for it. */
  primary: PublisherId;
  /** The series has new or confirmed data from at least one of its sources. */
  ok: boolean;
  added: number;
  /** The newest observation after the refresh, and who served it. */
  last: string | null;
  source: string | null;
  fallback: boolean;
  error?: string;
  /** A fallback used, a disagreement between sources. */
  note?: string;
}

export interface PublisherResult {
  publisher: PublisherId;
  name: string;
  ok: boolean;
  /** The series this publisher was asked for. */
  series: string[];
  requests: number;
  /** The first failure, one line. */
  error?: string;
}

export interface RefreshReport {
  series: SeriesResult[];
  publishers: PublisherResult[];
  /** Some stored series changed (the dataset has been reloaded). */
  changed: boolean;
}

export interface RefreshOptions {
  now?: Date;
  /** Only series whose primary source is one of these publishers (a scheduled refresh). */
  only?: ReadonlySet<PublisherId>;
}

/** Who serves a fetch: FRED's graph CSV without a key, its API with one. */
export function publisherOf(spec: FetchSpec, fredApiKey?: string): PublisherId {
  if (spec.from === 'fred') return fredApiKey ? 'fredApi' : 'fred';
  return spec.from;
}

type Pulled = { points: Point[]; urls: Array<[string, Validators]> };

const VALIDATORS = '.validators.json';

export class Refresher {
  constructor(
    private readonly dataset: Dataset,
    private readonly config: RefreshConfig,
    private readonly logger: Logger,
  ) {}

  private validators(): Record<string, Validators> {
    const dir = this.dataset.overlayDir;
    try {
      return dir ? (JSON.parse(readFileSync(join(dir, VALIDATORS), 'utf8')) as Record<string, Validators>) : {};
    } catch {
      return {};
    }
  }

  /** The series that can be refreshed, dependencies first (the call-rate step reads the refreshed call rate). */
  private order(): Array<[string, SeriesInfo]> {
    const all = Object.entries(this.dataset.seriesInfo).filter(([, info]) => info.fetch.length > 0);
    const derived = (info: SeriesInfo) => info.fetch.some((f) => f.from === 'callStep');
    return [...all.filter(([, i]) => !derived(i)), ...all.filter(([, i]) => derived(i))];
  }

  async refresh(o: RefreshOptions = {}): Promise<RefreshReport> {
    const dir = this.dataset.overlayDir;
    if (!dir) throw new Error('refresh needs DATA_DIR');
    const now = o.now ?? new Date();
    const today = todayIn(now);
    const http = new PoliteHttp(this.dataset.publishers, this.config);
    const validators = this.validators();
    const accepted: Record<string, Validators> = {};
    const asked = new Map<PublisherId, { series: Set<string>; error?: string }>();
    const ask = (p: PublisherId, id: string) => {
      const entry = asked.get(p) ?? { series: new Set<string>() };
      entry.series.add(id);
      asked.set(p, entry);
      return entry;
    };
    const results: SeriesResult[] = [];
    let changed = false;

    for (const [id, info] of this.order()) {
      const [primary, ...fallbacks] = info.fetch as [FetchSpec, ...FetchSpec[]];
      const primaryPub = publisherOf(primary, this.config.fredApiKey);
      if (o.only && !o.only.has(primaryPub)) continue;
      const existing = this.dataset.sourced(id);
      const haveOverlay = existsSync(join(dir, `${id}.csv`));
      const incoming: Sourced[] = [];
      const urls: Array<[string, Validators]> = [];
      const errors: string[] = [];
      const notes: string[] = [];
      let served = false;

      /** A source's observations, checked; `known` is what the series has so far (stored + this refresh). */
      const pull = async (spec: FetchSpec, known: Point[]): Promise<Pulled> => {
        const got = await this.pull(spec, { id, existing: known, today, http, validators: haveOverlay ? validators : {} });
        const future = got.points.find((p) => daysBetween(today, p.date) > 1);
        if (future) throw new DataFormatError(`${this.dataset.sourceName(id, publisherOf(spec, this.config.fredApiKey))}: an observation dated ${future.date}, in the future`);
        return got;
      };

      const primaryAsked = ask(primaryPub, id);
      try {
        const got = await pull(primary, existing);
        incoming.push(...got.points.map((p) => ({ ...p, via: primaryPub })));
        urls.push(...got.urls);
        served = true;
      } catch (err) {
        const msg = oneLine(err);
        errors.push(msg);
        primaryAsked.error ??= msg;
      }

      for (const spec of fallbacks) {
        const pub = publisherOf(spec, this.config.fredApiKey);
        const merged = mergePoints<Point>(existing, incoming);
        const newest = merged.at(-1)?.date ?? '';
        const lagging = spec.from === 'treasury' ? !newest || daysBetween(newest, today) > spec.lagDays : true;
        if (served && !lagging) continue;
        try {
          const got = await pull(spec, merged);
          const have = new Set(merged.map((p) => p.date));
          // A fallback only fills the days the primary (and what is stored) lacks.
          const filled = got.points.filter((p) => !have.has(p.date));
          if (spec.from === 'callStep') {
            const calls = this.dataset.series(spec.series);
            const decisions = this.decisions(today);
            const disagree = crossCheck(calls, decisions, merged, spec);
            if (disagree.length > 0) notes.push(`${this.dataset.sourceName(id, primaryPub)} and the call rate disagree about the meeting(s) of ${disagree.join(', ')}`);
          }
          incoming.push(...filled.map((p) => ({ ...p, via: pub })));
          incoming.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
          urls.push(...got.urls);
          if (filled.length > 0 || !served) notes.push(`${filled.length} from ${this.dataset.publishers[pub].name}`);
          if (spec.from !== 'callStep') ask(pub, id);
          served = true;
        } catch (err) {
          const msg = oneLine(err);
          if (served) notes.push(msg);
          else errors.push(msg);
          if (spec.from !== 'callStep') ask(pub, id).error ??= msg;
        }
      }

      if (!served) {
        const last = this.dataset.latest(id);
        this.logger.warn({ series: id, error: errors[0] }, 'data refresh: kept the last good data');
        results.push({ id, primary: primaryPub, ok: false, added: 0, last: last?.date ?? null, source: last?.source ?? null, fallback: last?.fallback ?? false, error: errors.join('; ') });
        continue;
      }
      const added = this.write(id, info, incoming, existing);
      if (added > 0) {
        changed = true;
        this.dataset.reload();
      }
      for (const [url, v] of urls) accepted[url] = v;
      const last = this.dataset.latest(id);
      results.push({
        id,
        primary: primaryPub,
        ok: true,
        added,
        last: last?.date ?? null,
        source: last?.source ?? null,
        fallback: last?.fallback ?? false,
        ...(errors.length > 0 ? { error: errors.join('; ') } : {}),
        ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
      });
    }

    if (Object.keys(accepted).length > 0) {
      mkdirSync(dir, { recursive: true });
      atomicWrite(join(dir, VALIDATORS), `${JSON.stringify({ ...validators, ...accepted }, null, 1)}\n`);
    }
    const publishers: PublisherResult[] = [...asked.entries()].map(([p, a]) => ({
      publisher: p,
      name: this.dataset.publishers[p].name,
      ok: a.error === undefined,
      series: [...a.series],
      requests: http.requests(p),
      ...(a.error !== undefined ? { error: a.error } : {}),
    }));
    this.logger.info({ results: results.map((r) => `${r.id}:${r.ok ? `+${r.added}` : 'failed'}`) }, 'data refresh done');
    return { series: results, publishers, changed };
  }

  /** Scheduled BOJ decisions up to today (calendar.json). */
  private decisions(today: string): string[] {
    return this.dataset.calendar.boj.meetings.map((m) => m.end).filter((d) => d < today);
  }

  private async pull(spec: FetchSpec, c: { id: string; existing: Point[]; today: string; http: PoliteHttp; validators: Record<string, Validators> }): Promise<Pulled> {
    const cfg = this.config;
    const urls: Array<[string, Validators]> = [];
    const get = async (pub: PublisherId, url: string): Promise<string | null> => {
      const r = await c.http.get(pub, url, c.validators[url]);
      urls.push([url, r.validators]);
      return r.notModified ? null : r.text;
    };
    const lastKnown = c.existing.at(-1)?.date;
    const back = (days: number) => (lastKnown ? fromEpochDay(toEpochDay(lastKnown) - days) : undefined);
    switch (spec.from) {
      case 'fred': {
        if (cfg.fredApiKey) {
          const text = await get('fredApi', fredApiUrl(cfg.fredApiBaseUrl, spec.id, cfg.fredApiKey, lastKnown));
          return { points: text === null ? [] : nonEmpty(parseFredJson(text, spec.id), `FRED ${spec.id}`), urls };
        }
        // From 1 January of last year: enough for a year-on-year change, and the same URL all year (so ETags match).
        const text = await get('fred', fredGraphUrl(cfg.fredGraphBaseUrl, spec.id, `${Number(c.today.slice(0, 4)) - 1}-01-01`));
        return { points: text === null ? [] : nonEmpty(parseFredGraphCsv(text, spec.id), `FRED ${spec.id}`), urls };
      }
      case 'treasury': {
        // This year's file; early in January also last year's, whose last days may still be missing.
        const thisYear = Number(c.today.slice(0, 4));
        const from = lastKnown && Number(lastKnown.slice(0, 4)) < thisYear && c.today.slice(5) < '01-15' ? thisYear - 1 : thisYear;
        let points: Point[] = [];
        for (let y = from; y <= thisYear; y++) {
          const url = treasuryUrl(cfg.treasuryBaseUrl, y);
          const text = await get('treasury', url);
          if (text !== null) points = mergePoints(points, parseTreasuryCsv(text, spec.column, `US Treasury ${y} yield curve CSV`));
        }
        return { points, urls };
      }
      case 'mof': {
        let points: Point[] = [];
        for (const url of [cfg.mofHistoryUrl, cfg.mofCurrentUrl].filter((u): u is string => Boolean(u))) {
          const text = await get('mof', url);
          if (text !== null) points = mergePoints(points, parseMofFile(text, spec.column, `MOF ${url.split('/').pop()}`));
        }
        return { points, urls };
      }
      case 'boj': {
        const earliest = addMonths(c.today, -spec.sinceMonths);
        const start = lastKnown && lastKnown > earliest ? lastKnown : earliest;
        let points: Point[] = [];
        let position: number | undefined;
        for (;;) {
          const text = await get('boj', bojUrl(cfg.bojApiBaseUrl, { db: spec.db, code: spec.code, startDate: start.slice(0, 7).replace('-', ''), startPosition: position }));
          if (text === null) break;
          const page = parseBojJson(text, spec.code);
          points = mergePoints(points, page.points);
          if (page.next === null) break;
          position = page.next;
        }
        return { points, urls };
      }
      case 'bis': {
        // From the first of a month, so the URL (and its ETag) holds for a month.
        const earliest = fromEpochDay(toEpochDay(c.today) - spec.sinceDays);
        const since = back(30);
        const start = `${(since && since > earliest ? since : earliest).slice(0, 7)}-01`;
        const text = await get('bis', bisUrl(cfg.bisApiBaseUrl, spec.flow, spec.key, start));
        return { points: text === null ? [] : nonEmpty(parseBisCsv(text, spec.flow, spec.key), `BIS ${spec.flow} ${spec.key}`), urls };
      }
      case 'callStep': {
        const calls = this.dataset.series(spec.series);
        if (calls.length === 0) throw new DataFormatError(`no ${spec.series} observations to read a step from`);
        return { points: policyFromCallRate(calls, this.decisions(c.today), c.existing, spec), urls };
      }
    }
  }

  /** Merges into DATA_DIR/series/<id>.csv by an atomic rename; returns how many observations are new or revised. */
  private write(id: string, info: SeriesInfo, incoming: Sourced[], before: Sourced[]): number {
    const dir = this.dataset.overlayDir!;
    const knownValues = new Map(before.map((p) => [p.date, p.value] as const));
    const merged = mergePoints<Sourced>(before, incoming);
    // A step series keeps changes and its latest observation: a newer confirmation of the level counts once.
    const after = info.steps ? compressSteps(merged) : merged;
    const added = after.filter((p) => knownValues.get(p.date) !== p.value).length;
    if (added === 0) return 0;
    const stored = mergePoints<Sourced>(this.dataset.refreshedSeries(id), incoming);
    mkdirSync(dir, { recursive: true });
    atomicWrite(join(dir, `${id}.csv`), toOverlayCsv(info.steps ? compressSteps(stored) : stored));
    return added;
  }
}

function atomicWrite(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
}

function nonEmpty(points: Point[], name: string): Point[] {
  if (points.length === 0) throw new DataFormatError(`${name}: the source returned no observations`);
  return points;
}

function oneLine(err: unknown): string {
  return redact(String((err as Error)?.message ?? err)).replace(/\s+/g, ' ').trim();
}

/** Refresh settings from the configuration; the MOF files default to the ones sources.json names. */
export function refreshConfig(
  env: {
    FRED_API_KEY?: string | undefined;
    FRED_API_BASE_URL: string;
    FRED_GRAPH_BASE_URL: string;
    TREASURY_BASE_URL: string;
    BOJ_API_BASE_URL: string;
    BIS_API_BASE_URL: string;
    MOF_JGB_CSV_URL?: string | undefined;
    MOF_JGB_CSV_CURRENT_URL?: string | undefined;
  },
  dataset: Dataset,
): RefreshConfig {
  const mof = dataset.seriesInfo.JGB10Y?.urls;
  return {
    fredApiKey: env.FRED_API_KEY,
    fredApiBaseUrl: env.FRED_API_BASE_URL,
    fredGraphBaseUrl: env.FRED_GRAPH_BASE_URL,
    treasuryBaseUrl: env.TREASURY_BASE_URL,
    bojApiBaseUrl: env.BOJ_API_BASE_URL,
    bisApiBaseUrl: env.BIS_API_BASE_URL,
    mofHistoryUrl: env.MOF_JGB_CSV_URL ?? mof?.history,
    mofCurrentUrl: env.MOF_JGB_CSV_CURRENT_URL ?? mof?.current,
  };
}
