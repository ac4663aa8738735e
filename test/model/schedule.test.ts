import { describe, expect, test } from 'vitest';
import { nextOccurrence, occurrence, parseTime, passed, runsOn, type Schedule } from '../../src/model/schedule.js';

const utc = (d: { toUTC(): { toISO(): string | null } }) => d.toUTC().toISO();

describe('briefing schedule across DST', () => {
  test.each([
    ['America/New_York', '2026-03-08', '02:30', '2026-03-08T07:30:00.000Z', 'spring forward: 02:30 does not exist, moved on by the gap to 03:30 EDT'],
    ['America/New_York', '2026-03-08', '08:00', '2026-03-08T12:00:00.000Z', 'spring forward day, a normal time: 08:00 EDT'],
    ['America/New_York', '2026-11-01', '01:30', '2026-11-01T05:30:00.000Z', 'fall back: 01:30 happens twice, the first (EDT) is used'],
    ['America/New_York', '2026-11-01', '08:00', '2026-11-01T13:00:00.000Z', 'fall back day, a normal time: 08:00 EST'],
    ['Europe/London', '2026-03-29', '01:30', '2026-03-29T01:30:00.000Z', 'spring forward: 01:30 does not exist → 02:30 BST'],
    ['Europe/London', '2026-10-25', '01:30', '2026-10-25T00:30:00.000Z', 'fall back: first 01:30 is BST'],
    ['Asia/Shanghai', '2026-11-24', '08:00', '2026-11-24T00:00:00.000Z', 'no DST'],
  ])('GIVEN %s on %s at %s THEN %s (%s)', (zone, date, time, expected) => {
    expect(utc(occurrence({ zone, time, days: 'daily' }, date))).toBe(expected);
  });

  // A scheduler ticking every STEP with a grace window of one STEP: every minute under test:deep, every 15 minutes by default.
  const STEP = process.env.CARRYBOT_DEEP === '1' ? 60_000 : 15 * 60_000;
  test(`GIVEN a walk in ${STEP / 60_000}-minute ticks across both DST days THEN exactly one due briefing per local day, at the right instant`, () => {
    for (const [zone, day] of [['America/New_York', '2026-03-08'], ['America/New_York', '2026-11-01'], ['Europe/London', '2026-03-29'], ['Europe/London', '2026-10-25']] as const) {
      for (const time of ['01:30', '02:30', '08:00']) {
        const s: Schedule = { zone, time, days: 'daily' };
        const seen = new Set<string>();
        const start = Date.parse(`${day}T00:00:00Z`) - 6 * 3600_000;
        for (let t = start; t < start + 36 * 3600_000; t += STEP) {
          for (const c of passed(s, new Date(t), STEP)) if (c.state === 'due' && c.localDate === day) seen.add(c.at.toUTC().toISO()!);
        }
        expect([...seen], `${zone} ${day} ${time}`).toEqual([utc(occurrence(s, day))]);
      }
    }
  }, 300_000);
});

describe('briefing days and the next delivery', () => {
  const s: Schedule = { zone: 'Asia/Shanghai', time: '08:00', days: 'weekdays' };
  test('GIVEN weekdays THEN Saturday and Sunday are skipped (in local terms)', () => {
    expect(['2026-11-27', '2026-11-28', '2026-11-29', '2026-11-30'].map((d) => runsOn(s, d))).toEqual([true, false, false, true]);
  });
  test('GIVEN Friday after 08:00 in Shanghai THEN the next is Monday 08:00 local, 00:00 UTC', () => {
    const next = nextOccurrence(s, new Date('2026-11-27T03:00:00Z'));
    expect(next.localDate).toBe('2026-11-30');
    expect(next.at.toUTC().toISO()).toBe('2026-11-30T00:00:00.000Z');
  });
  test('GIVEN a 2-hour grace window THEN 1 h late is due, 3 h late is missed', () => {
    const daily: Schedule = { zone: 'UTC', time: '08:00', days: 'daily' };
    expect(passed(daily, new Date('2026-11-24T09:00:00Z'), 2 * 3600_000).map((c) => [c.localDate, c.state])).toEqual([['2026-11-23', 'missed'], ['2026-11-24', 'due']]);
    expect(passed(daily, new Date('2026-11-24T11:00:00Z'), 2 * 3600_000).at(-1)!.state).toBe('missed');
    expect(passed(daily, new Date('2026-11-24T07:59:00Z'), 2 * 3600_000).map((c) => c.localDate)).toEqual(['2026-11-23']);
  });
});

describe('times of day', () => {
  test.each([
    ['8', '08:00'], ['8:00', '08:00'], ['08:00', '08:00'], ['0730', '07:30'], ['７：３０', '07:30'], ['23:59', '23:59'], ['7.45', '07:45'],
    ['24:00', null], ['8:60', null], ['eight', null], ['', null], ['-1', null], ['8:5', null],
  ])('parseTime(%s) = %s', (raw, t) => expect(parseTime(raw)).toBe(t));
});
