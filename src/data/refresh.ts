/**
 * Live data: FRED's series/observations API and the Japan MOF JGB CSV files. A series is fetched
 * and validated whole before anything is written; new observations are merged into
 * DATA_DIR/series/<ID>.csv (new data never deletes old) with an atomic rename. A source that is
 * down, slow, truncated or malformed changes nothing: the bot keeps answering from the last good data.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Point } from '../model/spread.js';
import { DataFormatError, mergePoints, parseMofCsv, toFredCsv } from './csv.js';
import type { Dataset } from './dataset.js';

export interface RefreshConfig {
  fredApiKey?: string;
  fredBaseUrl: string;
  mofHistoryUrl?: string;
  mofCurrentUrl?: string;
  timeoutMs?: number;
  retries?: number;
  backoffMs?: number;
  /** Pause between requests to one source. */
  politeMs?: number;
}

export interface SeriesResult {
  id: string;
  ok: boolean;
  added: number;
  last: string | null;
  error?: string;
}

const fredBody = z.object({
  observations: z.array(z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), value: z.string() })),
});

class HttpStatusError extends Error {
  constructor(readonly status: number, url: string) {
    super(`HTTP ${status} from ${url}`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** URLs in errors and logs without the API key. */
const redact = (url: string) => url.replace(/api_key=[^&]+/, 'api_key=[redacted]');

async function fetchText(url: string, c: RefreshConfig): Promise<string> {
  const attempts = (c.retries ?? 2) + 1;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(c.timeoutMs ?? 15_000), headers: { 'user-agent': 'carrybot (+data refresh)' } });
      if (!res.ok) throw new HttpStatusError(res.status, redact(url));
      return await res.text();
    } catch (err) {
      last = err;
      // 4xx will not get better by asking again; 5xx, timeouts and network errors might.
      if (err instanceof HttpStatusError && err.status < 500) break;
      if (attempt < attempts) await sleep((c.backoffMs ?? 1000) * 2 ** (attempt - 1));
    }
  }
  const e = last as Error;
  throw new Error(e?.name === 'TimeoutError' ? `timed out fetching ${redact(url)}` : redact(String(e?.message ?? e)));
}

export function parseFredJson(text: string, id: string): Point[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new DataFormatError(`FRED ${id}: response is not JSON`);
  }
  const parsed = fredBody.safeParse(json);
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

export class Refresher {
  constructor(
    private readonly dataset: Dataset,
    private readonly config: RefreshConfig,
    private readonly logger: Logger,
  ) {}

  private write(id: string, incoming: Point[]): SeriesResult {
    const dir = this.dataset.overlayDir;
    if (!dir) throw new Error('refresh needs DATA_DIR');
    const before = this.dataset.series(id);
    const known = new Set(before.map((p) => `${p.date}=${p.value}`));
    const added = incoming.filter((p) => !known.has(`${p.date}=${p.value}`)).length;
    if (added > 0) {
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${id}.csv`);
      const stored = mergePoints(this.dataset.refreshedSeries(id), incoming);
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, toFredCsv(stored));
      renameSync(tmp, file);
    }
    return { id, ok: true, added, last: incoming.at(-1)?.date ?? null };
  }

  private async fred(id: string): Promise<Point[]> {
    const since = this.dataset.series(id).at(-1)?.date;
    const params = new URLSearchParams({ series_id: id, api_key: this.config.fredApiKey!, file_type: 'json', ...(since ? { observation_start: since } : {}) });
    return parseFredJson(await fetchText(`${this.config.fredBaseUrl.replace(/\/$/, '')}/series/observations?${params}`, this.config), id);
  }

  private async mof(): Promise<Point[]> {
    const urls = [this.config.mofHistoryUrl, this.config.mofCurrentUrl].filter((u): u is string => Boolean(u));
    let points: Point[] = [];
    for (const [i, url] of urls.entries()) {
      if (i > 0) await sleep(this.config.politeMs ?? 500);
      points = mergePoints(points, parseMofCsv(await fetchText(url, this.config), '10Y', redact(url)));
    }
    return points;
  }

  /** Refreshes every series that has a configured source; one failure never touches another series. */
  async refresh(): Promise<SeriesResult[]> {
    const results: SeriesResult[] = [];
    const jobs: Array<[string, () => Promise<Point[]>]> = [];
    for (const [id, info] of Object.entries(this.dataset.seriesInfo)) {
      if (info.refresh === 'fred' && this.config.fredApiKey) jobs.push([id, () => this.fred(id)]);
      if (info.refresh === 'mof' && (this.config.mofHistoryUrl || this.config.mofCurrentUrl)) jobs.push([id, () => this.mof()]);
    }
    for (const [i, [id, load]] of jobs.entries()) {
      if (i > 0) await sleep(this.config.politeMs ?? 500);
      try {
        const points = await load();
        if (points.length === 0) throw new DataFormatError(`${id}: the source returned no observations`);
        results.push(this.write(id, points));
      } catch (err) {
        const error = (err as Error).message;
        this.logger.warn({ series: id, error }, 'data refresh: kept the last good data');
        results.push({ id, ok: false, added: 0, last: this.dataset.series(id).at(-1)?.date ?? null, error });
      }
    }
    if (results.some((r) => r.added > 0)) this.dataset.reload();
    this.logger.info({ results: results.map((r) => `${r.id}:${r.ok ? `+${r.added}` : 'failed'}`) }, 'data refresh done');
    return results;
  }
}

/** Refresh settings from the configuration, MOF files defaulting to the ones sources.json names. */
export function refreshConfig(
  env: { FRED_API_KEY?: string | undefined; FRED_API_BASE_URL: string; MOF_JGB_CSV_URL?: string | undefined; MOF_JGB_CSV_CURRENT_URL?: string | undefined },
  dataset: Dataset,
): RefreshConfig {
  const mof = dataset.seriesInfo.JGB10Y?.urls;
  return {
    fredApiKey: env.FRED_API_KEY,
    fredBaseUrl: env.FRED_API_BASE_URL,
    mofHistoryUrl: env.MOF_JGB_CSV_URL ?? mof?.history,
    mofCurrentUrl: env.MOF_JGB_CSV_CURRENT_URL ?? mof?.current,
  };
}

/**
 * Runs a refresh at start-up and then daily, early enough to land before the first briefing of the
 * day: every 10 minutes it refreshes when the last run is over 20 hours old, or when a briefing is
 * due within the hour and the last run is over 6 hours old.
 */
export function scheduleRefresh(refresher: Refresher, o: { logger: Logger; nextBriefing: () => Promise<Date | null>; clock?: () => Date }): { stop(): Promise<void> } {
  const clock = o.clock ?? (() => new Date());
  let last = 0;
  let running: Promise<unknown> | null = null;
  const run = () => {
    running ??= refresher
      .refresh()
      .catch((err) => o.logger.error({ err }, 'data refresh failed'))
      .finally(() => {
        last = clock().getTime();
        running = null;
      });
    return running;
  };
  const check = async () => {
    const now = clock().getTime();
    const age = now - last;
    const next = await o.nextBriefing().catch(() => null);
    if (age > 20 * 3600_000 || (next && next.getTime() - now < 3600_000 && age > 6 * 3600_000)) await run();
  };
  void run();
  const timer = setInterval(() => void check(), 10 * 60_000);
  timer.unref?.();
  return {
    // A refresh in flight is abandoned, not awaited: its writes are atomic renames, so nothing is half-written.
    stop: async () => clearInterval(timer),
  };
}
