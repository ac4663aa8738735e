/** Moving the markets for alert tests: new rows in the fake sources' FRED and MOF files. */
import type { RefreshConfig } from '../../src/data/refresh.js';
import { refreshConfigFor, type FakeSources } from '../fakes/sources.js';

const mofRow = (date: string, ten: number) => {
  const [y, m, d] = date.split('-').map(Number);
  return [`${y}/${m}/${d}`, 0.78, 0.95, 1.08, 1.19, 1.31, 1.42, 1.55, 1.68, 1.82, ten, 2.42, 2.78, 2.98, 3.21, 3.46].join(',');
};

/** Adds a day's US 10y (FRED DGS10) and JGB 10y (MOF current-month file) to what the sources serve. */
export function moveYields(sources: FakeSources, days: Array<[date: string, us10y: number, jp10y: number]>): void {
  for (const [date, us, jp] of days) {
    sources.graph.set('DGS10', `${sources.graph.get('DGS10')!.trimEnd()}\n${date},${us.toFixed(3)}\n`);
    sources.mof.set('jgbcme.csv', `${sources.mof.get('jgbcme.csv')!.trimEnd()}\r\n${mofRow(date, jp)}\r\n`);
  }
}

/** The refresh the alert tests run: the fake sources, with time for a loaded machine. */
export const refreshConfig = (base: string): RefreshConfig => refreshConfigFor(base, { timeoutMs: 2000 });
