/** Issue 15's "must show", end to end through the CLI's main() with refreshed data in DATA_DIR. */
import { describe, expect, test } from 'vitest';
import { cli } from '../cli.js';
import { writeDecemberData } from '../commands/moves-data.js';

const dataDir = writeDecemberData();

async function ask(line: string, ...flags: string[]) {
  const r = await cli(['ask', line, '--json', '--out', dataDir, ...flags], { DATA_DIR: dataDir, CARRYBOT_LANG: 'en' });
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as { text: string; figures: Record<string, unknown>; error: unknown };
}

describe('carrybot ask --at, with two weeks of refreshed data', () => {
  test('GIVEN /brief --at a date THEN the one-day and one-week changes in bp', async () => {
    const j = await ask('/brief', '--at', '2026-12-18');
    expect(j.error).toBeNull();
    expect(j.figures.moves).toEqual({
      spread: { last: 2.115, lastDate: '2026-12-18', d1Bp: 0.5, w1Bp: 1.5 },
      us10y: { last: 4.15, lastDate: '2026-12-18', d1Bp: 3, w1Bp: 9 },
      jp10y: { last: 2.035, lastDate: '2026-12-18', d1Bp: 2.5, w1Bp: 7.5 },
    });
    expect(j.text).toContain('Briefing for 18 Dec 2026');
  });

  test('GIVEN the BOJ rate steps up after its meeting THEN /events says hike with the new rate and /neutral uses it; --at the day before does not', async () => {
    const after = await ask('/events', '--at', '2026-12-22T09:00:00Z');
    expect(after.figures.recent).toContainEqual({ bank: 'BOJ', date: '2026-12-18', outcome: 'hike', rate: 1 });
    const neutral = await ask('/neutral', '--at', '2026-12-22');
    expect(neutral.figures).toMatchObject({ currentRatePct: 1, ratePct: 1 });

    const before = await ask('/events', '--at', '2026-12-17');
    expect((before.figures.recent as Array<{ bank: string }>).some((r) => r.bank === 'BOJ')).toBe(false);
    expect((before.figures.meetings as Array<{ bank: string; end: string }>)[0]).toMatchObject({ bank: 'boj', end: '2026-12-18' });
    const old = await ask('/neutral', '--at', '2026-12-17');
    expect(old.figures).toMatchObject({ currentRatePct: 0.75, ratePct: 0.75 });
  });

  test('GIVEN --at the evening of the meeting, before the data shows it THEN pending', async () => {
    const j = await ask('/events', '--at', '2026-12-18T21:00:00+09:00');
    expect(j.figures.recent).toContainEqual({ bank: 'BOJ', date: '2026-12-18', outcome: 'pending', rate: null });
  });

  test('GIVEN a bad --at THEN exit 2 with the usage', async () => {
    const r = await cli(['ask', '/brief', '--at', 'yesterday'], { DATA_DIR: dataDir });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--at takes an ISO date');
  });
});

describe('carrybot data status: the calendar', () => {
  test('GIVEN BOJ dates confirmed only to 18 Dec 2026 THEN status warns that fewer than 90 days of confirmed dates lie ahead', async () => {
    const r = await cli(['data', 'status'], { DATA_DIR: dataDir, CARRYBOT_LANG: 'en' });
    expect(r.stdout).toMatch(/^calendar: BOJ has confirmed meeting dates only to (2026-12-18|—) \(\d+ days ahead, fewer than 90\)/m);
  });
});
