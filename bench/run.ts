/**
 * `npm run bench`: prints the figures the issues ask for. Timings are measured here, never
 * asserted in tests. CARRYBOT_BENCH_QUICK=1 runs fewer iterations.
 */
import { cpus } from 'node:os';
import { loadDataset } from '../src/data/dataset.js';
import { benchAsk, benchConsole, benchNodeBaseline } from './startup.js';
import { ms, table } from './stats.js';
import { benchText } from './text.js';

async function main() {
  const quick = process.env.CARRYBOT_BENCH_QUICK === '1';
  console.log(`CarryBot benchmark · node ${process.version} · ${cpus().length} cores · ${new Date().toISOString()}`);

  const loadStart = performance.now();
  const dataset = loadDataset();
  const loadMs = performance.now() - loadStart;

  console.log('\n## Text-only command latency (parse → validate → model → localize; no chart rendering)');
  const text = await benchText(dataset, quick ? 500 : 5000);
  console.log(table(text.rows));
  console.log(`text-only p50 ${ms(text.p50)} (target ≤ 1 ms), p99 ${ms(text.p99)}`);

  console.log('\n## Start-up');
  const runs = quick ? 3 : 10;
  const node = benchNodeBaseline(runs);
  const ask = benchAsk(runs);
  const repl = await benchConsole(runs);
  console.log(
    table([
      { what: 'dataset load in-process (JSON + zod)', p50: ms(loadMs, 1), p99: '' },
      { what: 'bare `node -e 0` (baseline)', p50: ms(node.p50, 1), p99: ms(node.p99, 1) },
      { what: '`carrybot ask "/carry 1.5"` to exit', p50: ms(ask.p50, 1), p99: ms(ask.p99, 1) },
      { what: '`carrybot` console to welcome line', p50: ms(repl.p50, 1), p99: ms(repl.p99, 1) },
    ]),
  );
  console.log(`\nprocess start-up p50 ${ms(repl.p50, 1)} to the console prompt; rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB (bench process)`);
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
