import { configDefaults, defineConfig } from 'vitest/config';
import SummaryReporter from './test/summary-reporter.js';

/**
 * `npm test`: every test file except the deep ones, fuzz from a pinned seed with a few hundred cases.
 * `npm run test:deep` (CARRYBOT_DEEP=1): what `npm test` leaves out — the full fuzz counts and the
 * long fault tests (`*.deep.test.ts`: processes killed mid-run), 5,000 briefings on Redis and the
 * minute-by-minute DST walk, and every hostile input through its own CLI process.
 */
const deep = process.env.CARRYBOT_DEEP === '1';

export default defineConfig({
  test: {
    include: deep ? ['test/**/*.deep.test.ts', 'test/commands/fuzz.test.ts', 'test/briefings/queue.test.ts', 'test/model/schedule.test.ts', 'test/cli/hostile.test.ts', 'test/security/template-injection.test.ts'] : ['test/**/*.test.ts'],
    exclude: deep ? configDefaults.exclude : [...configDefaults.exclude, 'test/**/*.deep.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/setup.ts'],
    // Test files share loaded modules within a worker (discord.js, grammY, the canvas load once, not
    // per file): every file arranges its own state, so nothing depends on a fresh module graph.
    isolate: false,
    maxWorkers: deep ? 1 : 4,
    testTimeout: 30_000,
    // Closing BullMQ workers, Redis connections and child processes can outlast 10 s on a busy machine.
    hookTimeout: 60_000,
    reporters: ['default', new SummaryReporter()],
  },
});
