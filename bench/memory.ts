/**
 * Run in a fresh process by bench/run.ts: fonts loaded, then 1,000 distinct renders and 1,000
 * more, peak RSS sampled throughout. Prints one JSON line.
 */
import { ChartRenderer } from '../src/charts/renderer.js';
import { loadDataset } from '../src/data/dataset.js';
import { distinctSpecs } from './charts.js';

async function main() {
  const rounds = Number(process.argv[2] ?? 1000);
  const dataset = loadDataset();
  const renderer = new ChartRenderer({ maxQueue: 10_000 });
  const pool = await distinctSpecs(dataset, rounds);
  await renderer.render(pool[0]!.spec, 'light'); // fonts loaded
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const round = async (salt: string) => {
    for (let i = 0; i < pool.length; i += 8) {
      await Promise.all(pool.slice(i, i + 8).map((d) => renderer.render({ ...d.spec, footnote: `${d.spec.footnote}${salt}` }, d.theme)));
    }
  };
  await round(' ');
  const first = peak;
  await round('  ');
  clearInterval(sampler);
  console.log(JSON.stringify({ rounds, baseline, first, second: peak, renders: renderer.stats.renders }));
}

void main();
