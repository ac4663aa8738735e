/** Free-text parse time: understand() over every phrasing of the corpus (test/fixtures/phrasings.tsv). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { understand } from '../src/commands/understand/index.js';
import { projectRoot } from '../src/data/paths.js';
import { summarize } from './stats.js';

export function corpusPhrasings(): string[] {
  return readFileSync(join(projectRoot(), 'test/fixtures/phrasings.tsv'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() && !l.startsWith('#'))
    .map((l) => l.split('\t')[0]!);
}

/** p50/p99 of one parse, over `rounds` passes of the corpus after one warm-up pass. */
export function benchParse(rounds: number) {
  const texts = corpusPhrasings();
  for (const t of texts) understand(t);
  const samples: number[] = [];
  const per = texts.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    texts.forEach((t, i) => {
      const start = performance.now();
      understand(t);
      const took = performance.now() - start;
      samples.push(took);
      per[i]!.push(took);
    });
  }
  // Each phrasing's median over the passes: what parsing it costs, without the scheduler's pauses
  // (on a shared machine a single sample can include another process's time slice).
  const medians = per.map((xs) => summarize(xs).p50);
  const slowest = medians.reduce((best, m, i) => (m > best.ms ? { ms: m, text: texts[i]! } : best), { ms: 0, text: '' });
  return { ...summarize(samples), phrasings: texts.length, medians: summarize(medians), slowest };
}
