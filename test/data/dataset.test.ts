import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { meetings } from '../../src/data/calendar.js';
import { valueOn } from '../../src/data/csv.js';
import { DataFileError, loadDataset } from '../../src/data/dataset.js';
import { shippedDataDir } from '../../src/data/paths.js';
import { dataset } from '../helpers.js';

describe('the embedded dataset', () => {
  test('GIVEN the shipped files THEN every series parses and ends where data/README says', () => {
    const d = dataset();
    const last = (id: string) => d.series(id).at(-1)!.date;
    expect(last('DGS10')).toBe('2025-12-30');
    expect(last('WALCL')).toBe('2025-12-24');
    expect(last('M2SL')).toBe('2025-11-01');
    // The MOF file ends in July 2024; the press-reported points fill the days after it.
    expect(d.sourced('JGB10Y').filter((p) => p.via === 'shipped').at(-1)!.date).toBe('2024-07-31');
    expect(last('JGB10Y')).toBe('2025-12-30');
    expect(d.series('JGB10Y')[0]).toEqual({ date: '2010-01-04', value: 1.322 });
  });

  test("GIVEN the observed preset THEN its yields are the series' values on its date (one truth)", () => {
    const d = dataset();
    const f = d.presets.observed.figures;
    expect(valueOn(d.series('DGS10'), f.us10y.asOf)).toMatchObject({ date: f.us10y.asOf, value: f.us10y.value });
    expect(valueOn(d.series('JGB10Y_PRESS'), f.jp10y.asOf)).toMatchObject({ date: f.jp10y.asOf, value: f.jp10y.value });
    // The newest shipped observation of each series, not the snapshot of 1 Dec 2025.
    expect(f.us10y).toMatchObject({ value: 4.14, asOf: '2025-12-30' });
    expect(d.currentSpread(d.presets.observed)).toBeCloseTo(2.07, 9);
    expect(d.currentSpread(d.presets.article)).toBeCloseTo(1.81, 9);
    expect(valueOn(d.series('WALCL'), f.fedBalanceSheet.asOf)!.value * 1e6).toBeCloseTo(f.fedBalanceSheet.value, -9);
    expect(valueOn(d.series('M2SL'), f.m2.asOf)!.value * 1e9).toBeCloseTo(f.m2.value, -6);
  });

  test('GIVEN every figure THEN it carries a source, a grade and a date', () => {
    for (const preset of Object.values(dataset().presets)) {
      for (const [key, fig] of Object.entries(preset.figures)) {
        expect(fig.source.length, key).toBeGreaterThan(2);
        expect(['V', 'P', 'C', 'E']).toContain(fig.grade);
        expect(fig.asOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
    }
  });

  test('GIVEN the spread history THEN the 2020 low (≈0.5pp) shows the "lowest since 2015" claim is wrong', () => {
    const since2015 = dataset().spreadHistory().filter((p) => p.date >= '2015-01-01');
    const min = since2015.reduce((a, b) => (b.value < a.value ? b : a));
    expect(min.date.slice(0, 4)).toBe('2020');
    expect(min.value).toBeLessThan(1);
  });

  test('GIVEN the calendar THEN every published 2026 BOJ date is confirmed and later BOJ years are projected', () => {
    const boj = meetings(dataset().calendar, 'boj', 2028);
    expect(boj.filter((m) => m.date.startsWith('2026') && !m.confirmed)).toEqual([]);
    const y2027 = boj.filter((m) => m.date.startsWith('2027'));
    expect(y2027).toHaveLength(8);
    expect(y2027.every((m) => m.projected && !m.confirmed)).toBe(true);
    expect(y2027.every((m) => ![0, 6].includes(new Date(`${m.date}T00:00:00Z`).getUTCDay()))).toBe(true);
    expect(meetings(dataset().calendar, 'fomc').filter((m) => m.date.startsWith('2026'))).toHaveLength(8);
  });

  function brokenCopy(file: string, edit: (json: any) => void): string {
    const dir = mkdtempSync(join(tmpdir(), 'carrybot-data-'));
    cpSync(shippedDataDir(), dir, { recursive: true });
    const path = join(dir, file);
    const json = JSON.parse(readFileSync(path, 'utf8'));
    edit(json);
    writeFileSync(path, JSON.stringify(json));
    return dir;
  }

  test.each([
    ['presets/article.json', (j: any) => (j.figures.us10y.value = '3.72'), /article\.json: figures\.us10y\.value/],
    ['presets/observed.json', (j: any) => delete j.figures.carryStock, /observed\.json: figures\.carryStock/],
    ['presets/observed.json', (j: any) => (j.figures.bojRate.asOf = '19/12/2025'), /figures\.bojRate\.asOf: expected a date/],
    ['calendar.json', (j: any) => (j.boj.meetings[0].confirmed = 'yes'), /calendar\.json: boj\.meetings\.0\.confirmed/],
    ['factcheck.json', (j: any) => (j.claims[0].verdict = 'maybe'), /factcheck\.json: claims\.0\.verdict/],
  ])('GIVEN a bad %s THEN start-up fails naming the file and the field', (file, edit, message) => {
    const dir = brokenCopy(file, edit);
    expect(() => loadDataset(dir)).toThrow(DataFileError);
    expect(() => loadDataset(dir)).toThrow(message);
  });
});
