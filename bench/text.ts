/** Text-only command latency: parse, validate, run the model, localize (no chart rendering). */
import { makeContext, MemorySettings } from '../src/commands/context.js';
import { execute } from '../src/commands/run.js';
import type { Dataset } from '../src/data/dataset.js';
import { summarize, ms } from './stats.js';

const LINES: Record<string, string[]> = {
  carry: ['/carry 1.5', '/carry 1.25', '/carry'],
  neutral: ['/neutral 0.75', '/neutral 1.5'],
  spread: ['/spread', '/spread 3.72 1.91'],
  liquidity: ['/liquidity', '/liquidity 50 12'],
  debt: ['/debt', '/debt 1.5 20'],
  path: ['/path', '/path 25 3 2.5'],
  scenario: ['/scenario', '/scenario -50 50'],
  factcheck: ['/factcheck'],
  brief: ['/brief'],
  events: ['/events'],
  help: ['/help', '/help carry'],
  about: ['/about'],
  'bad input': ['/carry 99', '/neutral abc', '/nope'],
};

export async function benchText(dataset: Dataset, calls: number) {
  const settings = new MemorySettings();
  const rows = [];
  const all: number[] = [];
  for (const [name, lines] of Object.entries(LINES)) {
    const samples: number[] = [];
    for (let i = 0; i < calls + 200; i++) {
      const lang = i % 2 ? 'zh' : 'en';
      const start = performance.now();
      const ctx = await makeContext({ dataset, settings, chatId: 'bench', platform: 'console', override: { lang } });
      await execute(lines[i % lines.length]!, ctx);
      const took = performance.now() - start;
      if (i >= 200) samples.push(took); // the first 200 warm the JIT and the lazy series
    }
    const s = summarize(samples);
    all.push(...samples);
    rows.push({ command: name, calls: s.n, p50: ms(s.p50), p99: ms(s.p99) });
  }
  const total = summarize(all);
  rows.push({ command: 'ALL', calls: total.n, p50: ms(total.p50), p99: ms(total.p99) });
  return { rows, p50: total.p50, p99: total.p99 };
}
