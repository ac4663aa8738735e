/** GET /health: each adapter's state and the data's dates, as JSON. Off unless HEALTH_PORT is set. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Dataset } from './data/dataset.js';
import { staleness } from './data/stale.js';

export interface HealthSource {
  adapters(): Record<string, string>;
  /** The chart renderer's counters (renders drawn, cache hits, charts cached). */
  charts?: () => Record<string, number>;
  dataset: Dataset;
  startedAt: Date;
}

export function healthReport(src: HealthSource, now = new Date()) {
  const adapters = src.adapters();
  const data = Object.fromEntries(
    Object.entries(src.dataset.seriesInfo).map(([id, info]) => {
      const last = src.dataset.latest(id);
      return [id, { last: last?.date ?? null, source: last?.source ?? null, fallback: last?.fallback ?? false, refreshed: src.dataset.refreshed(id)?.date ?? null, stale: last === null || staleness(info, last.date, now).stale }];
    }),
  );
  const ok = Object.values(adapters).every((s) => s === 'running');
  return { status: ok ? 'ok' : 'degraded', uptimeSeconds: Math.round((now.getTime() - src.startedAt.getTime()) / 1000), adapters, data, memory: memoryReport(), ...(src.charts ? { charts: src.charts() } : {}) };
}

/** This process' memory in MB: resident set, V8 heap in use and allocated, and memory outside the heap (buffers, PNGs). */
export function memoryReport(): { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number } {
  const m = process.memoryUsage();
  const mb = (b: number) => Math.round((b / 2 ** 20) * 10) / 10;
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external), arrayBuffersMb: mb(m.arrayBuffers) };
}

export async function startHealth(port: number, src: HealthSource, host = '127.0.0.1'): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/health' || req.url === '/healthz')) {
      const report = healthReport(src);
      res.writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(report));
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
