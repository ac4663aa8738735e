/**
 * Renders chart specs to PNG. The cache key hashes the theme and the whole spec, which already holds
 * the command's arguments, the language and the data it drew, so a data refresh changes the key by
 * itself. Identical requests in flight share one render; at most `concurrency` renders run at once
 * (drawing is synchronous, PNG encoding runs off the main thread), and at most `maxQueue` wait.
 */
import { createHash } from 'node:crypto';
import type { ChartSpec } from '../commands/chart.js';
import type { Theme } from '../commands/types.js';
import { LruCache } from './lru.js';
import { sizeFor } from './size.js';

export interface RenderedChart {
  png: Buffer;
  width: number;
  height: number;
  /** Stable per (theme, spec): the same chart has the same key on every platform. */
  key: string;
}

export interface RendererOptions {
  concurrency?: number;
  maxQueue?: number;
  cacheEntries?: number;
  cacheBytes?: number;
}

export class RendererBusyError extends Error {
  override name = 'RendererBusyError';
}

export class ChartRenderer {
  private readonly cache: LruCache<Buffer>;
  private readonly inFlight = new Map<string, Promise<RenderedChart>>();
  private readonly waiting: Array<() => void> = [];
  private running = 0;
  readonly stats = { renders: 0, cacheHits: 0, shared: 0, failures: 0 };
  private readonly concurrency: number;
  private readonly maxQueue: number;
  /** Chart.js, the canvas and the fonts load on the first render, not at start-up. */
  private drawing: Promise<typeof import('./draw.js')> | undefined;

  constructor(o: RendererOptions = {}) {
    this.concurrency = o.concurrency ?? 3;
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

  get cached(): { entries: number; bytes: number } {
    return { entries: this.cache.size, bytes: this.cache.totalBytes };
  }

  private async run(key: string, spec: ChartSpec, theme: Theme): Promise<RenderedChart> {
    await this.slot();
    try {
      const { drawChart } = await (this.drawing ??= import('./draw.js'));
      const canvas = drawChart(spec, theme);
      const png = await canvas.encode('png');
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
