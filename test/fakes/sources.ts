/**
 * Fake data sources on 127.0.0.1, each in its publisher's real format (samples in
 * test/fixtures/sources/), with switchable failures: a 500, a hang, a web page instead of data, a file
 * cut off mid-line, a BOJ STATUS error inside an HTTP 200. Answers ETag / If-None-Match with 304.
 *
 *   /graph/fredgraph.csv?id=ID                       FRED graph CSV          key graph:ID
 *   /fred/series/observations?series_id=ID&api_key=  FRED API (JSON)         key fred:ID
 *   /treasury/daily-treasury-rates.csv/YYYY/all?…    US Treasury yield curve key treasury:YYYY
 *   /mof/<file>                                      MOF JGB files           key mof:<file>
 *   /boj/getDataCode?db=&code=&startPosition=        BOJ time-series API     key boj:CODE
 *   /bis/data/FLOW/KEY/all?startPeriod=&format=csv   BIS SDMX-CSV            key bis:KEY
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { projectRoot } from '../../src/data/paths.js';
import type { RefreshConfig } from '../../src/data/refresh.js';

export type Mode = 'ok' | '500' | 'hang' | 'broken' | 'truncated' | 'html' | 'bojStatus';

export const fixture = (path: string): string => readFileSync(join(projectRoot(), 'test', 'fixtures', 'sources', path), 'utf8');

/** Every source serving its fixture: the world as of 1 Dec 2026. */
export function fixtureBodies(): Pick<FakeSources, 'graph' | 'treasury' | 'mof' | 'boj' | 'bis'> {
  const graph = new Map<string, string>();
  for (const id of ['DGS10', 'DGS2', 'WALCL', 'M2SL', 'FEDFUNDS', 'VIXCLS', 'RRPONTSYD', 'DFEDTARU', 'DFEDTARL', 'JPNCPIALLMINMEI']) graph.set(id, fixture(`fred/${id}.csv`));
  return {
    graph,
    treasury: new Map([['2026', fixture('treasury/daily-treasury-rates-2026.csv')]]),
    mof: new Map([
      ['jgbcme_all.csv', fixture('mof/jgbcme_all.csv')],
      ['jgbcme.csv', fixture('mof/jgbcme.csv')],
    ]),
    boj: new Map([['STRDCLUCON', [fixture('boj/getDataCode-FM01-STRDCLUCON.json')]]]),
    bis: new Map([['D.JP', fixture('bis/WS_CBPOL-D.JP.csv')]]),
  };
}

/** A body cut off in the middle of its last line but one (as a dropped connection leaves it). */
export function truncate(body: string): string {
  const cut = body.lastIndexOf('\n', Math.floor(body.length * 0.6));
  return body.slice(0, cut + 8);
}

const PAGE = '<!DOCTYPE html>\n<html><head><title>Service unavailable</title></head><body><h1>We are updating this page</h1></body></html>\n';

export class FakeSources {
  /** FRED API observations per series id, as FRED sends them ("." = missing). */
  fred = new Map<string, Array<{ date: string; value: string }>>();
  /** FRED graph CSV bodies by series id. */
  graph = new Map<string, string>();
  /** Treasury yield-curve CSV bodies by year. */
  treasury = new Map<string, string>();
  /** MOF CSV bodies by file name. */
  mof = new Map<string, string>();
  /** BOJ getDataCode JSON pages by series code (startPosition = page index + 1). */
  boj = new Map<string, string[]>();
  /** BIS SDMX-CSV bodies by key (e.g. D.JP). */
  bis = new Map<string, string>();
  mode = new Map<string, Mode>();
  readonly requests: string[] = [];
  readonly headers: Array<{ url: string; headers: IncomingHttpHeaders; status: number }> = [];
  private server: Server | undefined;

  /** Serve every fixture (replacing what was set), no failures. */
  useFixtures(): this {
    Object.assign(this, fixtureBodies());
    this.mode.clear();
    return this;
  }

  private route(url: URL): { key: string; body: string | undefined; type: string } {
    const p = url.pathname;
    if (p.startsWith('/graph/')) {
      const id = url.searchParams.get('id') ?? '';
      return { key: `graph:${id}`, body: this.graph.get(id), type: 'text/csv' };
    }
    if (p.startsWith('/treasury/')) {
      const year = /daily-treasury-rates\.csv\/(\d{4})\//.exec(p)?.[1] ?? '';
      return { key: `treasury:${year}`, body: this.treasury.get(year), type: 'text/csv' };
    }
    if (p.startsWith('/boj/')) {
      const code = url.searchParams.get('code') ?? '';
      const page = Number(url.searchParams.get('startPosition') ?? '1') - 1;
      return { key: `boj:${code}`, body: this.boj.get(code)?.[page], type: 'application/json' };
    }
    if (p.startsWith('/bis/')) {
      const key = p.split('/')[4] ?? '';
      return { key: `bis:${key}`, body: this.bis.get(key), type: 'text/csv' };
    }
    if (p === '/fred/series/observations') {
      const id = url.searchParams.get('series_id') ?? '';
      const obs = this.fred.get(id);
      const ok = url.searchParams.get('api_key') === 'test-key' && url.searchParams.get('file_type') === 'json';
      const body = obs && ok ? JSON.stringify({ realtime_start: '2026-11-23', count: obs.length, observations: obs.map((o) => ({ realtime_start: '2026-11-23', realtime_end: '2026-11-23', ...o })) }) : undefined;
      return { key: `fred:${id}`, body, type: 'application/json' };
    }
    const file = p.split('/').pop() ?? '';
    return { key: `mof:${file}`, body: this.mof.get(file), type: 'text/csv' };
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.requests.push(url.pathname + url.search);
      const { key, body, type } = this.route(url);
      const mode = this.mode.get(key) ?? 'ok';
      const answer = (status: number, text: string, headers: Record<string, string> = {}) => {
        this.headers.push({ url: url.pathname + url.search, headers: req.headers, status });
        res.writeHead(status, headers);
        res.end(text);
      };
      if (mode === 'hang') return; // never answers
      if (mode === '500') return answer(500, 'Internal Server Error', { 'content-type': 'text/plain' });
      if (mode === 'html') return answer(200, PAGE, { 'content-type': 'text/html; charset=utf-8' });
      if (mode === 'bojStatus') return answer(200, fixture('boj/getDataCode-status-400.json'), { 'content-type': 'application/json' });
      if (body === undefined) return answer(404, 'not found', { 'content-type': 'text/plain' });
      const sent = mode === 'truncated' || mode === 'broken' ? truncate(body) : body;
      const etag = `"${createHash('sha1').update(sent).digest('hex').slice(0, 16)}"`;
      if (req.headers['if-none-match'] === etag) return answer(304, '', { etag });
      answer(200, sent, { 'content-type': type, etag });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Environment pointing every source at this server (and no FRED key). */
  env(base: string): Record<string, string> {
    return {
      FRED_API_KEY: '',
      FRED_GRAPH_BASE_URL: `${base}/graph`,
      FRED_API_BASE_URL: `${base}/fred`,
      TREASURY_BASE_URL: `${base}/treasury`,
      BOJ_API_BASE_URL: `${base}/boj`,
      BIS_API_BASE_URL: `${base}/bis`,
      MOF_JGB_CSV_URL: `${base}/mof/jgbcme_all.csv`,
      MOF_JGB_CSV_CURRENT_URL: `${base}/mof/jgbcme.csv`,
    };
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** An address where nothing listens: "no network". */
export async function deadBase(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** An MOF current-month file in the English format: the title line, the header, YYYY/M/D, "-" for missing. */
export function mofCsv(rows: Array<[string, number | '-']>): string {
  const header = 'Date,1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y,15Y,20Y,25Y,30Y,40Y';
  const line = ([d, ten]: [string, number | '-']) => [d, 0.6, 0.9, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, ten, 2.3, 2.6, 2.9, 3.1, '-'].join(',');
  return ['Interest Rate,,,,,,,,,,,,,,,(Unit : %)', header, ...rows.map(line)].join('\r\n') + '\r\n';
}

/** A refresh pointed at fake sources on `base`: short timeouts, one retry, no pauses. */
export function refreshConfigFor(base: string, o: Partial<RefreshConfig> = {}): RefreshConfig {
  return {
    fredGraphBaseUrl: `${base}/graph`,
    fredApiBaseUrl: `${base}/fred`,
    treasuryBaseUrl: `${base}/treasury`,
    bojApiBaseUrl: `${base}/boj`,
    bisApiBaseUrl: `${base}/bis`,
    mofHistoryUrl: `${base}/mof/jgbcme_all.csv`,
    mofCurrentUrl: `${base}/mof/jgbcme.csv`,
    timeoutMs: 400,
    retries: 1,
    backoffMs: 5,
    pauseMs: 0,
    ...o,
  };
}
