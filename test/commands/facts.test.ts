/**
 * The shipped facts, compared to the data files themselves: every /factcheck claim and every
 * meeting date in data/calendar.json, and the scenario's two betas kept apart.
 */
import { DateTime } from 'luxon';
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { fedParamsFor } from '../../src/commands/defs/shared.js';
import { makeContext, MemorySettings } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import { carryCurve } from '../../src/model/carry.js';
import { scenario } from '../../src/model/scenario.js';
import { dataset, NOW, ok } from '../helpers.js';

const json = (path: string) => JSON.parse(readFileSync(new URL(`../../data/${path}`, import.meta.url), 'utf8'));

describe('/factcheck: all nine claims, set against the data', () => {
  type Row = { id: string; verdict: string; claim: { value: number; unit: string; asOf: string }; data: { value: number; unit: string; asOf: string } };

  test('GIVEN /factcheck THEN exactly the nine claims of data/factcheck.json, in order, with these reviewed values', async () => {
    const rows = (await ok('/factcheck')).figures.claims as Row[];
    const reviewed = rows.map((r) => [r.id, r.verdict, r.claim.value, r.claim.unit, r.data.value, r.data.unit, r.data.asOf]);
    expect(reviewed).toEqual([
      ['us10y', 'contradicted', 3.72, '%', 4.14, '%', '2025-12-30'],
      ['spreadLow', 'contradicted', 1.81, 'pp', 0.501, 'pp', '2020-08-04'],
      ['cutLiquidity', 'unsupported', 550e9, 'USD', 0, 'USD', '2025-12-10'],
      ['interestCost', 'overstated', 8e12, 'JPY/year', 653_518_837_058.8771, 'JPY/year1', '2025-03-31'],
      ['ustSales', 'contradicted', -12.7e9, 'USD/change', 2.7e9, 'USD/change', '2025-11-30'],
      ['qtDrain', 'overstated', 95e9, 'USD/month', 22e9, 'USD/month', '2025-11-26'],
      ['carryStock', 'unmeasured', 5e12, 'USD', 1e12, 'USD', '2024-08-31'],
      ['spread', 'contradicted', 1.81, 'pp', 2.07, 'pp', '2025-12-30'],
      ['jp10y', 'close', 1.91, '%', 2.07, '%', '2025-12-30'],
    ]);
  });

  test('GIVEN each claim`s reference in data/factcheck.json THEN the value shown is the one in the preset file, the inline value, or derived from them', async () => {
    const file = json('factcheck.json').claims as Array<{ id: string; verdict: string; claim: Record<string, unknown>; data: Record<string, unknown> }>;
    const presets = { article: json('presets/article.json'), observed: dataset().presets.observed } as unknown as Record<string, { figures: Record<string, { value: number }> }>;
    const rows = (await ok('/factcheck')).figures.claims as Row[];
    expect(rows.map((r) => [r.id, r.verdict])).toEqual(file.map((c) => [c.id, c.verdict]));
    const ds = dataset();
    const minSince2015 = ds.spreadHistory().filter((p) => p.date >= '2015-01-01').reduce((a, b) => (b.value < a.value ? b : a));
    const expected = (ref: Record<string, unknown>): number | null => {
      if ('value' in ref) return ref.value as number;
      const figures = presets[(ref.preset as string) ?? 'observed']!.figures;
      if ('figure' in ref) return figures[ref.figure as string]!.value;
      if (ref.derived === 'spread') return Math.round((figures.us10y!.value - figures.jp10y!.value) * 1e6) / 1e6;
      if (ref.derived === 'spreadMinSince2015') return minSince2015.value;
      return null; // interestCostYear1: a model output, pinned in the table above
    };
    for (const [i, c] of file.entries()) {
      const row = rows[i]!;
      const claim = expected(c.claim);
      const data = expected(c.data);
      if (claim !== null) expect(row.claim.value, `${c.id} claim`).toBe(claim);
      if (data !== null) expect(row.data.value, `${c.id} data`).toBe(data);
    }
  });
});

describe('meeting calendars: every shipped date', () => {
  type Meeting = { start: string; end: string; confirmed: boolean };
  const calendar = json('calendar.json') as Record<'fomc' | 'boj', { meetings: Meeting[]; decisionTime: string; zone: string }>;

  for (const bank of ['fomc', 'boj'] as const) {
    test(`GIVEN the day before each shipped ${bank.toUpperCase()} meeting THEN /events names it next, with its dates, status and decision time from data/calendar.json`, async () => {
      const { meetings, decisionTime, zone } = calendar[bank];
      expect(meetings.length).toBeGreaterThan(0);
      const seen = [];
      for (const m of meetings) {
        const now = DateTime.fromISO(`${m.start}T00:00`, { zone }).minus({ days: 1 }).toJSDate();
        const listed = (await ok('/events', { now, timezone: 'UTC' })).figures.meetings as Array<{ bank: string; start: string; end: string; confirmed: boolean; projected: boolean; decisionLocal: string }>;
        const next = listed.find((x) => x.bank === bank)!;
        seen.push({ start: next.start, end: next.end, confirmed: next.confirmed, projected: next.projected, decision: DateTime.fromISO(next.decisionLocal).toMillis() });
      }
      expect(seen).toEqual(meetings.map((m) => ({ start: m.start, end: m.end, confirmed: m.confirmed, projected: false, decision: DateTime.fromISO(`${m.end}T${decisionTime}`, { zone }).toMillis() })));
    });
  }
});

describe('scenario: the two betas, kept apart', () => {
  const curve = carryCurve({ carryStockUsd: 5e12, repatriationShare: 0.5, anchorSpreadPp: 1.5, anchorUnwoundUsd: 1.2e12, widthPp: 0.25, currentSpreadPp: 2.2 });
  const params = { currentSpreadPp: 2.2, betaUs: 0.8, betaJp: 0.3, fed: fedParamsFor(dataset().presets.observed) };

  test('GIVEN βUS 0.8 and βJP 0.3 THEN a 100bp Fed cut moves the spread by −0.8pp and a 100bp BOJ hike by −0.3pp (not the other way round)', () => {
    expect(scenario(-100, 0, curve, params).spreadChangePp).toBeCloseTo(-0.8, 12);
    expect(scenario(0, 100, curve, params).spreadChangePp).toBeCloseTo(-0.3, 12);
    expect(scenario(100, 0, curve, params).spreadChangePp).toBeCloseTo(0.8, 12);
    expect(scenario(0, -100, curve, params).spreadChangePp).toBeCloseTo(0.3, 12);
    expect(scenario(-100, 100, curve, params).spreadPp).toBeCloseTo(2.2 - 1.1, 12);
  });

  test('GIVEN a dataset whose betas differ THEN /scenario uses βUS for the Fed move and βJP for the BOJ move', async () => {
    const ds = dataset();
    const observed = ds.presets.observed;
    const skewed: Dataset = Object.assign(Object.create(Object.getPrototypeOf(ds) as object) as Dataset, ds, {
      presets: { ...ds.presets, observed: { ...observed, params: { ...observed.params, betaUs: 0.8, betaJp: 0.3 } } },
    });
    // Answers read the dataset as of their day: the skewed one stands for every day here.
    skewed.asOf = () => skewed;
    const run = async (line: string) => {
      const out = await execute(line, await makeContext({ dataset: skewed, settings: new MemorySettings(), chatId: 't', platform: 'console', now: NOW }));
      if (!out.ok) throw new Error(out.error.message);
      return out.answer.figures;
    };
    expect(await run('/scenario -100 0')).toMatchObject({ betaUs: 0.8, betaJp: 0.3, spreadChangePp: -0.8 });
    expect(await run('/scenario 0 100')).toMatchObject({ spreadChangePp: -0.3 });
  });
});
