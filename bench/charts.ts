/**
 * Chart figures: cold render per command, cached answers, distinct renders/s with the thread pool
 * and without it, text latency during a 50-chart burst (pool vs main thread), memory.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { present } from '../src/bots/present.js';
import { projectRoot } from '../src/data/paths.js';
import { defaultThreads } from '../src/charts/pool.js';
import { ChartRenderer } from '../src/charts/renderer.js';
import type { ChartSpec } from '../src/commands/chart.js';
import { makeContext, MemorySettings } from '../src/commands/context.js';
import { execute } from '../src/commands/run.js';
import type { Theme } from '../src/commands/types.js';
import type { Dataset } from '../src/data/dataset.js';
import type { Lang } from '../src/i18n/index.js';
import { ms, summarize } from './stats.js';

const TEXT_ONLY = ['/events', '/help carry', '/about', '/carry 9', '/neutral abc'];
const COMMANDS = ['/carry 1.5', '/neutral', '/spread', '/liquidity 25 12', '/debt', '/path', '/scenario', '/factcheck', '/brief'];
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(0)} MB`;

async function specFor(dataset: Dataset, line: string, lang: Lang): Promise<ChartSpec> {
  const ctx = await makeContext({ dataset, settings: new MemorySettings(), chatId: 'bench', platform: 'console', override: { lang } });
  const out = await execute(line, ctx);
  if (!out.ok || !out.answer.chart) throw new Error(`no chart for ${line}`);
  return out.answer.chart;
}

/** Distinct what-ifs: every command with varied arguments, both languages and themes. */
export async function distinctSpecs(dataset: Dataset, n: number): Promise<Array<{ spec: ChartSpec; theme: Theme }>> {
  const lines: string[] = [];
  for (let i = 0; lines.length < n; i++) {
    const x = (i % 50) / 10;
    lines.push(
      [`/carry ${x}`, `/neutral ${x - 0.5}`, `/spread 4 ${x / 2}`, `/liquidity ${i % 300} ${i % 60}`, `/debt ${x} ${1 + (i % 30)}`, `/path ${5 + (i % 95)} 6 ${x / 2}`, `/scenario ${-(i % 300)} ${i % 300}`][i % 7]!,
    );
  }
  return Promise.all(lines.map(async (line, i) => ({ spec: await specFor(dataset, line, i % 2 ? 'zh' : 'en'), theme: (i % 4 < 2 ? 'light' : 'dark') as Theme })));
}

export async function benchCharts(dataset: Dataset, quick: boolean) {
  const rows = [];
  // Cold: a renderer without a cache, fonts already loaded (the state of a running bot).
  const cold = new ChartRenderer({ cacheEntries: 0, concurrency: 1 });
  await cold.render(await specFor(dataset, '/carry 1.5', 'en'), 'light');
  const runs = quick ? 8 : 40;
  for (const line of COMMANDS) {
    const specs = await Promise.all((['en', 'zh'] as const).map((l) => specFor(dataset, line, l)));
    const samples: number[] = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      const r = await cold.render(specs[i % 2]!, i % 4 < 2 ? 'light' : 'dark');
      samples.push(performance.now() - start);
      bytes = r.png.length;
    }
    const s = summarize(samples);
    rows.push({ command: line.split(' ')[0]!, renders: s.n, p50: ms(s.p50, 1), p99: ms(s.p99, 1), png: `${(bytes / 1024).toFixed(0)} KB` });
  }

  // Cached: the whole answer path (parse, model, text, cache hit) for a chart seen before.
  const warm = new ChartRenderer();
  const settings = new MemorySettings();
  const cachedSamples: number[] = [];
  for (let i = 0; i < (quick ? 300 : 3000); i++) {
    const line = COMMANDS[i % COMMANDS.length]!;
    const start = performance.now();
    const ctx = await makeContext({ dataset, settings, chatId: 'bench', platform: 'telegram', override: { lang: i % 2 ? 'zh' : 'en' } });
    const out = await execute(line, ctx);
    await present(out, warm, ctx.theme);
    if (i >= COMMANDS.length * 2) cachedSamples.push(performance.now() - start);
  }
  const cached = summarize(cachedSamples);

  // Throughput: distinct charts, the pool of threads against drawing on the main thread, in one run.
  const distinct = await distinctSpecs(dataset, quick ? 60 : 300);
  const throughput: Array<{ where: string; concurrency: number; perSecond: number }> = [];
  const modes: Array<{ where: string; threads: number; concurrency: number }> = [
    { where: 'main thread (encoding off it)', threads: 0, concurrency: 2 },
    { where: 'main thread (encoding off it)', threads: 0, concurrency: 4 },
    { where: `pool of ${defaultThreads()} threads`, threads: defaultThreads(), concurrency: defaultThreads() },
  ];
  for (const m of modes) {
    const r = new ChartRenderer({ cacheEntries: 0, threads: m.threads, concurrency: m.concurrency, maxQueue: 10_000 });
    await r.render(distinct[0]!.spec, distinct[0]!.theme); // threads started, fonts loaded
    const start = performance.now();
    await Promise.all(distinct.slice(1).map((d) => r.render(d.spec, d.theme)));
    throughput.push({ where: m.where, concurrency: m.concurrency, perSecond: (distinct.length - 1) / ((performance.now() - start) / 1000) });
    await r.close();
  }

  // Text answers during a burst of 50 distinct chart requests: latency of text-only commands on
  // the main thread while the charts render, with the pool and without it.
  const burst = await distinctSpecs(dataset, 51);
  const duringBurst: Array<{ where: string; p50: number; p99: number; n: number; chartsMs: number }> = [];
  for (const m of [modes[0]!, modes[2]!]) {
    const r = new ChartRenderer({ cacheEntries: 0, threads: m.threads, concurrency: m.concurrency, maxQueue: 64 });
    await r.render(burst[0]!.spec, burst[0]!.theme);
    const samples: number[] = [];
    let done = false;
    const start = performance.now();
    const charts = Promise.all(burst.slice(1).map((d) => r.render(d.spec, d.theme))).finally(() => (done = true));
    const textSettings = new MemorySettings();
    for (let i = 0; !done; i++) {
      const t0 = performance.now();
      const ctx = await makeContext({ dataset, settings: textSettings, chatId: 'bench', platform: 'telegram', override: { lang: i % 2 ? 'zh' : 'en' } });
      await execute(TEXT_ONLY[i % TEXT_ONLY.length]!, ctx);
      samples.push(performance.now() - t0);
      // One text request every 5 ms, like users typing: the gap lets the event loop run.
      await new Promise((res) => setTimeout(res, 5));
    }
    await charts;
    const chartsMs = performance.now() - start;
    const s = summarize(samples);
    duringBurst.push({ where: m.where, p50: s.p50, p99: s.p99, n: s.n, chartsMs });
    await r.close();
  }

  // Memory: measured in a fresh process that only renders (see bench/memory.ts).
  const rounds = quick ? 200 : 1000;
  const out = execFileSync(process.execPath, [join(projectRoot(), 'dist', 'bench', 'memory.js'), String(rounds)], { encoding: 'utf8' });
  const memory = JSON.parse(out.trim().split('\n').at(-1)!) as { rounds: number; baseline: number; first: number; second: number; renders: number };
  return { rows, cached, throughput, duringBurst, memory, mb };
}
