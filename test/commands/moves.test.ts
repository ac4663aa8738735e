import { describe, expect, test } from 'vitest';
import { makeContext, MemorySettings } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import type { BriefingMemo } from '../../src/commands/types.js';
import { meetings } from '../../src/data/calendar.js';
import { loadDataset } from '../../src/data/dataset.js';
import { dataset as shipped } from '../helpers.js';
import { writeDecemberData } from './moves-data.js';

const december = loadDataset(undefined, { overlayDir: writeDecemberData() });

async function answer(line: string, now: string, o: { lastBriefing?: BriefingMemo | null; lang?: 'en' | 'zh'; data?: typeof december; preset?: 'observed' | 'article' } = {}) {
  const ctx = await makeContext({
    dataset: o.data ?? december,
    settings: new MemorySettings(),
    chatId: 'tg:1',
    platform: 'telegram',
    now: new Date(now),
    override: { lang: o.lang ?? 'en', timezone: 'UTC', ...(o.preset ? { preset: o.preset } : {}) },
    ...(o.lastBriefing !== undefined ? { lastBriefing: o.lastBriefing } : {}),
  });
  const out = await execute(line, ctx);
  if (!out.ok) throw new Error(out.error.message);
  return out.answer;
}

describe('/brief: what moved', () => {
  test('GIVEN a week of data, at 18 Dec 2026 THEN the exact bp changes with the dates compared', async () => {
    const a = await answer('/brief', '2026-12-18T23:00:00Z');
    expect(a.figures.moves).toEqual({
      spread: { last: 2.115, lastDate: '2026-12-18', d1Bp: 0.5, w1Bp: 1.5 },
      us10y: { last: 4.15, lastDate: '2026-12-18', d1Bp: 3, w1Bp: 9 },
      jp10y: { last: 2.035, lastDate: '2026-12-18', d1Bp: 2.5, w1Bp: 7.5 },
    });
    expect(a.text).toContain('US 10y 4.15% (18 Dec): +3bp since 17 Dec, +9bp since 11 Dec');
    expect(a.text).toContain('JGB 10y 2.035% (18 Dec): +2.5bp since 17 Dec, +7.5bp since 11 Dec');
    expect(a.text).toContain('Spread 2.115pp (18 Dec): +0.5bp since 17 Dec, +1.5bp since 11 Dec');
    // The chart marks today's level against a week ago.
    const marks = a.chart!.panels![0]!.marks;
    expect(marks).toEqual([
      expect.objectContaining({ type: 'point', x: '2026-12-11', y: 2.1 }),
      expect.objectContaining({ type: 'point', x: '2026-12-18', y: 2.115 }),
    ]);
  });

  test('GIVEN the Chinese briefing THEN the same moves in Chinese', async () => {
    const a = await answer('/brief', '2026-12-18T23:00:00Z', { lang: 'zh' });
    expect(a.text).toContain('美债10年 4.15%（12月18日）：较 12月17日 +3 个基点，较 12月11日 +9 个基点');
  });

  test('GIVEN the article preset THEN no moves (a fixed snapshot)', async () => {
    const a = await answer('/brief', '2026-12-18T23:00:00Z', { preset: 'article' });
    expect(a.figures.moves).toBeNull();
  });

  test('GIVEN the last briefing saw the same data THEN a "no update" line instead of the moves', async () => {
    const first = await answer('/brief', '2026-12-19T08:00:00Z', { lastBriefing: null });
    const memo = first.figures.memo as unknown as BriefingMemo;
    expect(memo.dates).toMatchObject({ US10Y: '2026-12-18', JP10Y: '2026-12-18' });
    const second = await answer('/brief', '2026-12-20T08:00:00Z', { lastBriefing: memo });
    expect(second.text).toContain('No new data since your last briefing (19 Dec 2026)');
    expect(second.text).not.toContain('since 17 Dec');
    expect(second.figures.noUpdate).toBe(true);
    // New data the next weekday: moves again.
    const third = await answer('/brief', '2026-12-22T08:00:00Z', { lastBriefing: memo });
    expect(third.figures.noUpdate).toBe(false);
    expect(third.text).toContain('US 10y 4.17% (21 Dec): +2bp since 18 Dec');
  });
});

describe('what was decided', () => {
  test('GIVEN the BOJ rate steps up after its 18 Dec meeting THEN /events reports a hike to 1% and /neutral uses it', async () => {
    const e = await answer('/events', '2026-12-22T09:00:00Z');
    expect(e.figures.recent).toEqual([
      { bank: 'BOJ', date: '2026-12-18', outcome: 'hike', rate: 1 },
      { bank: 'FOMC', date: '2026-12-09', outcome: 'cut', rate: 3.5 },
    ]);
    expect(e.text).toContain('BOJ 18 Dec: hiked 25bp to 1%');
    expect(e.text).toContain('FOMC 9 Dec: cut 25bp to 3.25%–3.5%');
    const n = await answer('/neutral', '2026-12-22T09:00:00Z');
    expect(n.figures).toMatchObject({ currentRatePct: 1, ratePct: 1, stance: 'neutral' });
  });

  test('GIVEN the moment a day before the meeting THEN the meeting is still ahead and /neutral has the old rate', async () => {
    const e = await answer('/events', '2026-12-17T09:00:00Z');
    expect((e.figures.recent as Array<{ bank: string }>).map((r) => r.bank)).toEqual(['FOMC']);
    expect(e.text).toMatch(/BOJ 17 Dec–18 Dec: decision ≈18 Dec 03:00, in 1 day$/m);
    const n = await answer('/neutral', '2026-12-17T09:00:00Z');
    expect(n.figures).toMatchObject({ currentRatePct: 0.75, ratePct: 0.75 });
  });

  test('GIVEN the evening of the meeting day, before the data shows it THEN pending, "awaiting data"', async () => {
    const e = await answer('/events', '2026-12-18T20:00:00Z');
    expect(e.figures.recent).toContainEqual({ bank: 'BOJ', date: '2026-12-18', outcome: 'pending', rate: null });
    expect(e.text).toContain('BOJ 18 Dec: decided; awaiting data for the outcome');
  });

  test('GIVEN a hike since the chat\'s last briefing THEN it leads the briefing, once', async () => {
    const before = await answer('/brief', '2026-12-18T23:00:00Z', { lastBriefing: null });
    const memo = before.figures.memo as unknown as BriefingMemo;
    const after = await answer('/brief', '2026-12-22T08:00:00Z', { lastBriefing: memo });
    expect(after.text.split('\n')[0]).toBe('BOJ 18 Dec: hiked 25bp to 1%');
    expect(after.text.split('\n')[1]).toBe('Briefing for 22 Dec 2026 (UTC)');
    const again = await answer('/brief', '2026-12-23T08:00:00Z', { lastBriefing: after.figures.memo as unknown as BriefingMemo });
    expect(again.text.split('\n')[0]).toBe('Briefing for 23 Dec 2026 (UTC)');
  });
});

describe('the calendar and paths that start today', () => {
  test('GIVEN the shipped calendar THEN every 2026 BOJ date is confirmed, 2027 is projected, FOMC 2027 is published', () => {
    const boj = meetings(shipped().calendar, 'boj', 2027);
    expect(boj.filter((m) => m.date.startsWith('2026')).every((m) => m.confirmed && !m.projected)).toBe(true);
    expect(boj.filter((m) => m.date.startsWith('2027')).every((m) => m.projected && !m.confirmed)).toBe(true);
    expect(meetings(shipped().calendar, 'fomc').filter((m) => m.date.startsWith('2027') && m.confirmed)).toHaveLength(8);
    for (const bank of ['fomc', 'boj'] as const) expect(shipped().calendar[bank].sources!.length).toBeGreaterThan(0);
  });

  test('GIVEN a moment before a schedule was published THEN its dates are unconfirmed as of then', () => {
    const then = meetings(shipped().asOf('2025-07-30').calendar, 'boj');
    expect(then.find((m) => m.date === '2026-12-18')!.confirmed).toBe(false);
    expect(meetings(shipped().asOf('2025-08-01').calendar, 'boj').find((m) => m.date === '2026-12-18')!.confirmed).toBe(true);
  });

  test('GIVEN /events in 2026 THEN dates in 2027 carry their year, this year\'s do not', async () => {
    const e = await answer('/events', '2026-12-02T09:00:00Z', { data: shipped() });
    expect(e.text).toContain('FOMC 8 Dec–9 Dec: decision 9 Dec 19:00');
    expect(e.text).toContain('FOMC 26 Jan–27 Jan 2027: decision 27 Jan 2027 19:00');
    expect(e.text).not.toContain('unconfirmed');
  });

  test('GIVEN /path after the December hike THEN it starts today from 1%, first move one spacing after the hike', async () => {
    const a = await answer('/path 25 6 1.75', '2026-12-22T09:00:00Z');
    expect(a.figures).toMatchObject({ fromPct: 1, fromDate: '2026-12-22', lastMoveDate: '2026-12-21' });
    const steps = a.figures.steps as Array<{ date: string }>;
    expect(steps[0]!.date >= '2027-06-21').toBe(true);
    expect(a.chart!.marks).toContainEqual(expect.objectContaining({ type: 'vline', x: '2026-12-22' }));
  });

  test('GIVEN /path before it THEN the first move is the next meeting after now', async () => {
    const a = await answer('/path 25 6 1.75', '2026-12-02T09:00:00Z');
    expect(a.figures).toMatchObject({ fromPct: 0.75, fromDate: '2026-12-02', nextMeeting: '2026-12-18' });
    expect((a.figures.steps as Array<{ date: string }>)[0]!.date).toBe('2026-12-18');
    expect(a.text).toContain('the first move can come at the BOJ meeting of 18 Dec');
  });

  test('GIVEN /scenario THEN it starts from today\'s policy rates and the next meetings', async () => {
    const a = await answer('/scenario -25 25', '2026-12-22T09:00:00Z');
    expect(a.figures).toMatchObject({ bojRateFromPct: 1, bojRateToPct: 1.25, fedFundsFromPct: [3.25, 3.5], fedFundsToPct: [3, 3.25], nextBoj: '2027-01-22', nextFomc: '2027-01-27' });
    expect(a.text).toContain('BOJ 1% → 1.25% at its meeting of 22 Jan 2027');
  });
});

describe('answers as of any date', () => {
  test('GIVEN 5 Aug 2024 THEN the yields, the BOJ rate and its July hike of that time', async () => {
    const s = await answer('/spread', '2024-08-05T23:00:00Z', { data: shipped() });
    expect(s.figures).toMatchObject({ us10yPct: 3.78 });
    const n = await answer('/neutral', '2024-08-05T23:00:00Z', { data: shipped() });
    expect(n.figures).toMatchObject({ currentRatePct: 0.25 });
    const e = await answer('/events', '2024-08-05T23:00:00Z', { data: shipped() });
    expect(e.figures.recent).toContainEqual({ bank: 'BOJ', date: '2024-07-31', outcome: 'hike', rate: 0.25 });
  });

  test('GIVEN a view THEN no series holds an observation after its date', () => {
    const v = december.asOf('2026-12-15');
    for (const id of ['DGS10', 'JGB10Y', 'BOJRATE', 'DFEDTARU']) expect(v.series(id).at(-1)!.date <= '2026-12-15').toBe(true);
    expect(v.spreadHistory().at(-1)!.date).toBe('2026-12-15');
    expect(v.presets.observed.figures.us10y).toMatchObject({ value: 4.11, asOf: '2026-12-15' });
    expect(december.asOf('2026-12-15')).toBe(v);
  });
});
