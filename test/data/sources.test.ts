/** Each publisher's real format, from the samples in test/fixtures/sources/: good data, holidays, the ways files break. */
import { describe, expect, test } from 'vitest';
import { DataFormatError } from '../../src/data/csv.js';
import { bisUrl, parseBisCsv } from '../../src/data/sources/bis.js';
import { BojStatusError, bojUrl, parseBojJson } from '../../src/data/sources/boj.js';
import { fredGraphUrl, parseFredGraphCsv } from '../../src/data/sources/fred-graph.js';
import { parseMofFile } from '../../src/data/sources/mof.js';
import { crossCheck, policyFromCallRate } from '../../src/data/sources/policy-step.js';
import { parseTreasuryCsv, treasuryUrl } from '../../src/data/sources/treasury.js';
import { staleness } from '../../src/data/stale.js';
import { fixture, truncate } from '../fakes/sources.js';

const HTML = '<!DOCTYPE html><html><body>Maintenance</body></html>';

describe('FRED graph CSV (no key)', () => {
  test('GIVEN the current header observation_date,DGS10 with an empty holiday value THEN every trading day, the holiday skipped', () => {
    const points = parseFredGraphCsv(fixture('fred/DGS10.csv'), 'DGS10');
    expect(points.at(-1)).toEqual({ date: '2026-11-30', value: 4.21 });
    expect(points.find((p) => p.date === '2026-11-26')).toBeUndefined(); // Thanksgiving
    expect(points.find((p) => p.date === '2026-11-25')).toBeDefined();
  });

  test('GIVEN the older header DATE,DGS2 with "." holiday rows and CRLF THEN the same', () => {
    const points = parseFredGraphCsv(fixture('fred/DGS2.csv'), 'DGS2');
    expect(points.at(-1)).toEqual({ date: '2026-11-30', value: 3.52 });
    expect(points.some((p) => p.date === '2026-11-11')).toBe(false);
  });

  test('GIVEN the wrong series, a web page or a cut-off file THEN a format error naming the series', () => {
    expect(() => parseFredGraphCsv(fixture('fred/DGS10.csv'), 'DGS2')).toThrow(/for "DGS10", not DGS2/);
    expect(() => parseFredGraphCsv(HTML, 'DGS10')).toThrow(/web page \(HTML\)/);
    expect(() => parseFredGraphCsv(truncate(fixture('fred/DGS10.csv')), 'DGS10')).toThrow(DataFormatError);
  });

  test('the URL is the public graph endpoint with the start date', () => {
    expect(fredGraphUrl('https://fred.stlouisfed.org/graph/', 'DGS10', '2026-11-01')).toBe('https://fred.stlouisfed.org/graph/fredgraph.csv?id=DGS10&cosd=2026-11-01');
  });
});

describe('US Treasury daily par yield curve CSV', () => {
  test('GIVEN the yearly file (newest first, MM/DD/YYYY, quoted "1 Mo".."30 Yr") THEN the 10 Yr and 2 Yr columns, oldest first', () => {
    const text = fixture('treasury/daily-treasury-rates-2026.csv');
    const ten = parseTreasuryCsv(text, '10 Yr');
    expect(ten.at(-1)).toEqual({ date: '2026-12-01', value: 4.24 });
    expect(ten[0]!.date < ten.at(-1)!.date).toBe(true);
    expect(parseTreasuryCsv(text, '2 Yr').at(-1)).toEqual({ date: '2026-12-01', value: 3.55 });
    expect(ten.some((p) => p.date === '2026-11-26')).toBe(false); // no row on a holiday
  });

  test('GIVEN a missing column, a web page or a cut-off file THEN a format error', () => {
    const text = fixture('treasury/daily-treasury-rates-2026.csv');
    expect(() => parseTreasuryCsv(text, '11 Yr')).toThrow(/no column "11 Yr"/);
    expect(() => parseTreasuryCsv(HTML, '10 Yr')).toThrow(/HTML/);
    expect(() => parseTreasuryCsv(truncate(text), '10 Yr')).toThrow(/cells, the header has 15|bad date/);
  });

  test('the URL is the documented yearly CSV', () => {
    expect(treasuryUrl('https://home.treasury.gov/resource-center/data-chart-center/interest-rates', 2026)).toBe(
      'https://home.treasury.gov/resource-center/data-chart-center/interest-rates/daily-treasury-rates.csv/2026/all?type=daily_treasury_yield_curve&field_tdr_date_value=2026&page&_format=csv',
    );
  });
});

describe('MOF JGB files', () => {
  test('GIVEN jgbcme_all.csv and jgbcme.csv (title line, YYYY/M/D, "-" in a column) THEN the 10Y column', () => {
    expect(parseMofFile(fixture('mof/jgbcme_all.csv'), '10Y', 'all').at(-1)!.date).toBe('2026-10-30');
    const current = parseMofFile(fixture('mof/jgbcme.csv'), '10Y', 'current');
    expect(current.at(-1)).toEqual({ date: '2026-11-30', value: 1.985 });
    expect(current.some((p) => p.date === '2026-11-23')).toBe(false); // a Japanese holiday has no row
    expect(parseMofFile(fixture('mof/jgbcme.csv'), '40Y', 'current').some((p) => p.date === '2026-11-13')).toBe(false);
  });

  test('GIVEN a web page or a cut-off file THEN a format error', () => {
    expect(() => parseMofFile(HTML, '10Y', 'jgbcme.csv')).toThrow(/HTML/);
    expect(() => parseMofFile(truncate(fixture('mof/jgbcme.csv')), '10Y', 'jgbcme.csv')).toThrow(/cells, the header has 16|bad date/);
  });
});

describe('Bank of Japan time-series API (getDataCode)', () => {
  test('GIVEN STATUS 200 with SURVEY_DATES and a null on a holiday THEN the call rate by day', () => {
    const { points, next } = parseBojJson(fixture('boj/getDataCode-FM01-STRDCLUCON.json'), 'STRDCLUCON');
    expect(next).toBeNull();
    expect(points.at(-1)!.date).toBe('2026-11-30');
    expect(points.at(-1)!.value).toBeCloseTo(0.977, 2);
    expect(points.some((p) => p.date === '2026-11-03')).toBe(false); // null on Culture Day
  });

  test('GIVEN an error inside an HTTP 200 (STATUS 400, 503) THEN a BOJ status error with the message id', () => {
    expect(() => parseBojJson(fixture('boj/getDataCode-status-400.json'), 'STRDCLUCON')).toThrow(BojStatusError);
    expect(() => parseBojJson(fixture('boj/getDataCode-status-400.json'), 'STRDCLUCON')).toThrow(/STATUS 400 M181005E/);
    expect(() => parseBojJson(fixture('boj/getDataCode-status-503.json'), 'STRDCLUCON')).toThrow(/STATUS 503 M181091S/);
  });

  test('GIVEN NEXTPOSITION THEN the next page is named; "no data" is an empty success; a cut-off body is an error', () => {
    const body = JSON.parse(fixture('boj/getDataCode-FM01-STRDCLUCON.json'));
    expect(parseBojJson(JSON.stringify({ ...body, NEXTPOSITION: 2 }), 'STRDCLUCON').next).toBe(2);
    expect(parseBojJson(JSON.stringify({ ...body, MESSAGEID: 'M181030I', RESULTSET: [] }), 'STRDCLUCON').points).toEqual([]);
    expect(() => parseBojJson(truncate(fixture('boj/getDataCode-FM01-STRDCLUCON.json')), 'STRDCLUCON')).toThrow(/not JSON/);
    expect(() => parseBojJson(HTML, 'STRDCLUCON')).toThrow(/HTML/);
  });

  test('the URL asks for JSON in English from a month on', () => {
    expect(bojUrl('https://www.stat-search.boj.or.jp/api/v1', { db: 'FM01', code: 'STRDCLUCON', startDate: '202609' })).toBe(
      'https://www.stat-search.boj.or.jp/api/v1/getDataCode?db=FM01&code=STRDCLUCON&lang=en&format=json&startDate=202609',
    );
  });
});

describe('BIS SDMX-CSV (WS_CBPOL, D.JP)', () => {
  test('GIVEN quoted text fields with commas and a NaN day THEN the policy rate by day', () => {
    const points = parseBisCsv(fixture('bis/WS_CBPOL-D.JP.csv'), 'WS_CBPOL', 'D.JP');
    expect(points.at(-1)).toEqual({ date: '2026-11-27', value: 1 });
    expect(points.find((p) => p.date === '2026-10-29')!.value).toBe(0.75);
    expect(points.find((p) => p.date === '2026-10-30')!.value).toBe(1);
  });

  test('GIVEN labelled headers (FREQ:Frequency) THEN the same reading', () => {
    const text = 'FREQ:Frequency,REF_AREA:Reference area,TIME_PERIOD:Time period or range,OBS_VALUE:Observation Value\nD: Daily,JP: Japan,2026-11-02,1\n';
    expect(parseBisCsv(text, 'WS_CBPOL', 'D.JP')).toEqual([{ date: '2026-11-02', value: 1 }]);
  });

  test('GIVEN another country, a web page or a cut-off file THEN a format error', () => {
    expect(() => parseBisCsv('DATAFLOW,FREQ,REF_AREA,TIME_PERIOD,OBS_VALUE\nBIS:WS_CBPOL(1.0),D,US,2026-11-02,3.375\n', 'WS_CBPOL', 'D.JP')).toThrow(/not D\.JP/);
    expect(() => parseBisCsv(HTML, 'WS_CBPOL', 'D.JP')).toThrow(/HTML/);
    expect(() => parseBisCsv(truncate(fixture('bis/WS_CBPOL-D.JP.csv')), 'WS_CBPOL', 'D.JP')).toThrow(DataFormatError);
  });

  test('the URL names the flow, the key and the start', () => {
    expect(bisUrl('https://stats.bis.org/api/v1', 'WS_CBPOL', 'D.JP', '2025-11-01')).toBe('https://stats.bis.org/api/v1/data/WS_CBPOL/D.JP/all?startPeriod=2025-11-01&format=csv');
  });
});

describe('the policy rate from the call rate', () => {
  const calls = parseBojJson(fixture('boj/getDataCode-FM01-STRDCLUCON.json'), 'STRDCLUCON').points;
  const o = { stepPp: 0.25, thresholdPp: 0.15 };

  test('GIVEN the call rate steps up 0.25 after the 30 Oct meeting and the policy series stops on 20 Oct THEN a hike to 1% on 30 Oct, confirmed to the last call-rate day', () => {
    const policy = [{ date: '2025-12-19', value: 0.75 }, { date: '2026-10-20', value: 0.75 }];
    expect(policyFromCallRate(calls, ['2026-09-18', '2026-10-30'], policy, o)).toEqual([
      { date: '2026-10-30', value: 1 },
      { date: '2026-11-30', value: 1 },
    ]);
  });

  test('GIVEN no meeting moved it THEN nothing (the policy series stands)', () => {
    expect(policyFromCallRate(calls, ['2026-09-18'], [{ date: '2026-09-01', value: 0.75 }], o)).toEqual([]);
  });

  test('GIVEN a policy series that missed the hike THEN the cross-check names the meeting', () => {
    expect(crossCheck(calls, ['2026-09-18', '2026-10-30'], [{ date: '2025-12-19', value: 0.75 }, { date: '2026-11-27', value: 0.75 }], o)).toEqual(['2026-10-30']);
    expect(crossCheck(calls, ['2026-09-18', '2026-10-30'], [{ date: '2025-12-19', value: 0.75 }, { date: '2026-10-30', value: 1 }, { date: '2026-11-27', value: 1 }], o)).toEqual([]);
  });
});

describe('staleness: the one rule', () => {
  test('GIVEN a 7-day limit THEN 7 days old is fresh, 8 is stale, in the reader\'s zone', () => {
    expect(staleness({ staleAfterDays: 7 }, '2026-11-24', new Date('2026-12-01T09:00:00Z'))).toEqual({ stale: false, ageDays: 7, staleAfterDays: 7 });
    expect(staleness(7, '2026-11-23', new Date('2026-12-01T09:00:00Z')).stale).toBe(true);
    // 23:30 UTC on 30 Nov is already 1 Dec in Tokyo
    expect(staleness(7, '2026-11-23', new Date('2026-11-30T23:30:00Z'), 'Asia/Tokyo').stale).toBe(true);
    expect(staleness(7, '2026-11-23', new Date('2026-11-30T23:30:00Z'), 'UTC').stale).toBe(false);
    expect(staleness(undefined, '2010-01-01', '2026-12-01')).toEqual({ stale: false, ageDays: 6178, staleAfterDays: null });
  });
});
