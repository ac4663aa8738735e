/** Fake FRED API and MOF file server on 127.0.0.1, in the real formats, with switchable failures. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | '500' | 'hang' | 'broken' | 'truncated';

export class FakeSources {
  /** FRED observations per series id, as FRED sends them ("." = missing). */
  fred = new Map<string, Array<{ date: string; value: string }>>();
  /** MOF CSV bodies by file name. */
  mof = new Map<string, string>();
  mode = new Map<string, Mode>();
  readonly requests: string[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://x');
      this.requests.push(url.pathname + url.search);
      const key = url.pathname.startsWith('/fred') ? `fred:${url.searchParams.get('series_id')}` : `mof:${url.pathname.split('/').pop()}`;
      const mode = this.mode.get(key) ?? 'ok';
      if (mode === 'hang') return; // never answers
      if (mode === '500') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        return res.end('Internal Server Error');
      }
      if (url.pathname === '/fred/series/observations') {
        if (url.searchParams.get('api_key') !== 'test-key' || url.searchParams.get('file_type') !== 'json') {
          res.writeHead(400, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ error_code: 400, error_message: 'Bad Request.' }));
        }
        const body = JSON.stringify({ realtime_start: '2026-11-23', count: 1, observations: (this.fred.get(url.searchParams.get('series_id')!) ?? []).map((o) => ({ realtime_start: '2026-11-23', realtime_end: '2026-11-23', ...o })) });
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(mode === 'broken' ? body.slice(0, body.length / 2) : body);
      }
      const csv = this.mof.get(url.pathname.split('/').pop()!);
      if (csv === undefined) {
        res.writeHead(404);
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end(mode === 'truncated' ? csv.slice(0, csv.length - 9) : csv);
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

/** An MOF current-month file in the English format: the title line, the header, YYYY/M/D, "-" for missing. */
export function mofCsv(rows: Array<[string, number | '-']>): string {
  const header = 'Date,1Y,2Y,3Y,4Y,5Y,6Y,7Y,8Y,9Y,10Y,15Y,20Y,25Y,30Y,40Y';
  const line = ([d, ten]: [string, number | '-']) => [d, 0.6, 0.9, 1.1, 1.2, 1.3, 1.4, 1.5, 1.6, 1.7, ten, 2.3, 2.6, 2.9, 3.1, '-'].join(',');
  return ['Interest Rate,,,,,,,,,,,,,,,(Unit : %)', header, ...rows.map(line)].join('\r\n') + '\r\n';
}
