/**
 * A chart-rendering thread (pool.ts): draws a spec with Chart.js and encodes the PNG here, so
 * neither blocks the thread that answers commands. One job at a time; the PNG's memory is
 * transferred back, not copied.
 */
import { parentPort } from 'node:worker_threads';
import type { ChartSpec } from '../commands/chart.js';
import type { Theme } from '../commands/types.js';
import { drawChart, release } from './draw.js';

export interface RenderRequest {
  id: number;
  spec: ChartSpec;
  theme: Theme;
}

export type RenderReply = { id: number; png: ArrayBuffer } | { id: number; error: { message: string; stack?: string } };

parentPort?.on('message', (job: RenderRequest) => {
  try {
    const canvas = drawChart(job.spec, job.theme);
    const png = canvas.encodeSync('png');
    release(canvas);
    const buf = png.buffer.slice(png.byteOffset, png.byteOffset + png.byteLength) as ArrayBuffer;
    parentPort!.postMessage({ id: job.id, png: buf } satisfies RenderReply, [buf]);
  } catch (err) {
    const e = err as Error;
    parentPort!.postMessage({ id: job.id, error: { message: String(e?.message ?? err), stack: e?.stack } } satisfies RenderReply);
  }
});
