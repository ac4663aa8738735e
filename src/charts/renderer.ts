/**
 * Renders chart specs to PNG. The cache key hashes the theme and the whole spec, which already holds
 * the command's arguments, the language and the data it drew, so a data refresh changes the key by
 * itself. Identical requests in flight share one render; at most `concurrency` renders run at once
 * and at most `maxQueue` wait — beyond that a request is refused as busy at once, never queued
 * into a timeout.
 *
 * Drawing and PNG encoding run in a pool of worker threads sized to the cores but one (pool.ts), so a
 * burst of charts never delays the text answers on the main thread. `threads: 0` draws on the main
 * thread instead (encoding still off it), as before the pool.
 *
 * `render(spec, theme)` waits for the chart (or throws RendererBusyError). `request(spec, theme,
 * {waitMs})` never waits longer than `waitMs`: the chart, or a promise of it to send as a
 * follow-up after the text ("pending"), or "busy" when the queue is full.
 */
import { createHash } from 'node:crypto';
import type { ChartSpec } from '../commands/chart.js';
import type { Theme } from '../commands/types.js';
import { LruCache } from './lru.js';
import { defaultThreads, RenderPool } from './pool.js';
import { sizeFor } from './size.js';

/** What warm() draws and throws away (never sent to anyone): Latin and Chinese text, a line and a mark, as real answers have. */
const WARM_UP: ChartSpec = {
  kind: 'line',
  title: 'CarryBot · 预热',
  xType: 'number',
  series: [{ id: 'warm', label: '利差 spread', style: 'line', role: 'primary', points: [[0, 1], [1, 2], [2, 1.5]] }],
  marks: [{ type: 'hline', y: 1.5, label: '中性 neutral', role: 'muted' }],
  footnote: 'warm-up · 预热',
};

export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
  /** Stable per (theme, spec): the same chart has the same key on every platform. */
  key: string;
}

export interface RendererOptions {
  /** Rendering threads (default: the cores but one, at least 1); 0 draws on the main thread. */
  threads?: number;
  /** Renders at once (default and at most: `threads`; 3 on the main thread). */
  concurrency?: number;
  maxQueue?: number;
  cacheEntries?: number;
  cacheBytes?: number;
}

export class RendererBusyError extends Error {
  override name = 'RendererBusyError';
}

/** What `request()` gives back without waiting past its budget. */
export type ChartTicket =
  | { state: 'ready'; chart: RenderedChart }
  /** Rendering: send the text now and the chart when this resolves (it may reject: then say so briefly). */
  | { state: 'pending'; chart: Promise<RenderedChart> }
  /** The queue is full: send the text now, with a short "busy" note. */
  | { state: 'busy' };

export class ChartRenderer {
  private readonly cache: LruCache<Buffer>;
  private readonly inFlight = new Map<string, Promise<RenderedChart>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  readonly stats = { renders: 0, cacheHits: 0, shared: 0, failures: 0 };
  private readonly concurrency: number;
  private readonly maxQueue: number;
  /** Chart.js, the canvas and the fonts load on the first render (or warm()), not on import: `carrybot ask` stays quick. */
  private drawing: Promise<typeof import('./draw.js')> | undefined;
  private readonly pool: RenderPool | null;

  constructor(o: RendererOptions = {}) {
    const threads = o.threads ?? defaultThreads();
    // On the pool, one render per thread at most (a thread runs one at a time).
    this.concurrency = threads > 0 ? Math.min(o.concurrency ?? threads, threads) : (o.concurrency ?? 3);
    this.pool = threads > 0 ? new RenderPool(this.concurrency) : null;
    this.maxQueue = o.maxQueue ?? 64;
    this.cache = new LruCache(o.cacheEntries ?? 256, o.cacheBytes ?? 64 * 2 ** 20);
  }

  static key(spec: ChartSpec, theme: Theme): string {
    return createHash('sha1').update(theme).update('\0').update(JSON.stringify(spec)).digest('hex').slice(0, 16);
  }

  async render(spec: ChartSpec, theme: Theme): Promise<RenderedChart> {
    const key = ChartRenderer.key(spec, theme);
    const png = this.cache.get(key);
    if (png) {
      this.stats.cacheHits++;
      return { png, ...sizeFor(spec), key };
    }
    const pending = this.inFlight.get(key);
    if (pending) {
      this.stats.shared++;
      return pending;
    }
    const job = this.run(key, spec, theme).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, job);
    return job;
  }

  /**
   * The chart if it is ready within `waitMs` (default 0: only a cached one); otherwise a promise of
   * it to send after the text, or "busy" when the queue is full. Never throws for load.
   */
  async request(spec: ChartSpec, theme: Theme, o: { waitMs?: number } = {}): Promise<ChartTicket> {
    const key = ChartRenderer.key(spec, theme);
    const png = this.cache.get(key);
    if (png) {
      this.stats.cacheHits++;
      return { state: 'ready', chart: { png, ...sizeFor(spec), key } };
    }
    if (!this.inFlight.has(key) && this.running >= this.concurrency && this.waiting.length >= this.maxQueue) return { state: 'busy' };
    const chart = this.render(spec, theme);
    const waitMs = o.waitMs ?? 0;
    if (waitMs <= 0) return { state: 'pending', chart };
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((r) => (timer = setTimeout(() => r('late'), waitMs)));
    const first = await Promise.race([chart.then((c) => ({ c }), () => 'failed' as const), late]);
    clearTimeout(timer);
    return typeof first === 'object' ? { state: 'ready', chart: first.c } : { state: 'pending', chart };
  }

  /**
   * Starts every rendering thread and draws a small chart on each (fonts registered, Chart.js and the
   * encoder warmed), through the same slots as real renders, so a long-running process pays this at
   * start-up rather than on the first user's chart or the first briefing. Not counted as a render.
   */
  async warm(): Promise<void> {
    await Promise.all(
      Array.from({ length: this.pool ? this.concurrency : 1 }, async () => {
        await this.slot();
        try {
          await (this.pool ? this.pool.render(WARM_UP, 'light') : this.drawHere(WARM_UP, 'light'));
        } finally {
          this.release();
        }
      }),
    );
  }

  /** Renders waiting or running (for health and the benchmark). */
  get load(): { running: number; waiting: number; threads: number; started: number } {
    return { running: this.running, waiting: this.waiting.length, threads: this.pool?.size ?? 0, started: this.pool?.started ?? 0 };
  }

  /** Stops the rendering threads (idle ones never keep the process alive anyway). */
  async close(): Promise<void> {
    await this.pool?.close();
  }

  get cached(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.totalBytes };
  }

  private async run(key: string, spec: ChartSpec, theme: Theme): Promise<RenderedChart> {
    await this.slot();
    try {
      const png = this.pool ? await this.pool.render(spec, theme) : await this.drawHere(spec, theme);
      this.cache.set(key, png);
      this.stats.renders++;
      return { png, ...sizeFor(spec), key };
    } catch (err) {
      this.stats.failures++;
      throw err;
    } finally {
      this.release();
    }
  }

  private async drawHere(spec: ChartSpec, theme: Theme): Promise<Buffer> {
    const { drawChart, release } = await (this.drawing ??= import('./draw.js'));
    const canvas = drawChart(spec, theme);
    try {
      return await canvas.encode('png');
    } finally {
      release(canvas);
    }
  }

  private slot(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueue) return Promise.reject(new RendererBusyError('chart renderer queue is full'));
    return new Promise((resolve) => this.waiting.push(() => resolve()));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }
}
