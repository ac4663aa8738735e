import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { localesDir } from '../../src/data/paths.js';
import { langFromLocale, localeOf, namespaces, tFor } from '../../src/i18n/index.js';
import { CJK } from '../helpers.js';

type Tree = { [k: string]: string | number | boolean | Tree };
const flat = (o: Tree, p = ''): Array<[string, unknown]> =>
  Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? flat(v, `${p}${k}.`) : [[p + k, v] as [string, unknown]]));
const plural = /_(zero|one|two|few|many|other)$/;

function load(locale: string) {
  const out = new Map<string, unknown[]>();
  for (const ns of namespaces) {
    const tree = JSON.parse(readFileSync(join(localesDir(), locale, `${ns}.json`), 'utf8')) as Tree;
    for (const [k, v] of flat(tree)) {
      const key = `${ns}:${k.replace(plural, '')}`;
      out.set(key, [...(out.get(key) ?? []), v]);
    }
  }
  return out;
}

const vars = (values: unknown[]) => new Set(values.flatMap((v) => (typeof v === 'string' ? [...v.matchAll(/{{\s*(\w+)\s*}}/g)].map((m) => m[1]) : [])));

describe('locales', () => {
  const en = load(localeOf.en);
  const zh = load(localeOf.zh);

  test('GIVEN the locale folders THEN there are exactly en and zh-CN, each with every namespace', () => {
    expect(readdirSync(localesDir()).sort()).toEqual(['en', 'zh-CN']);
  });

  test('GIVEN English and Chinese THEN they hold the same keys', () => {
    expect([...zh.keys()].sort()).toEqual([...en.keys()].sort());
  });

  test('GIVEN a key THEN both languages interpolate the same values', () => {
    for (const [key, values] of en) expect([...vars(zh.get(key) ?? [])].sort(), key).toEqual([...vars(values)].sort());
  });

  test('GIVEN the English files THEN no Chinese characters; GIVEN the Chinese answers THEN Chinese text', () => {
    for (const [key, values] of en) for (const v of values) if (typeof v === 'string') expect(v, key).not.toMatch(CJK);
    const chinese = [...zh].filter(([k]) => k.startsWith('commands:') && k.endsWith('headline'));
    for (const [key, values] of chinese) expect(String(values[0]), key).toMatch(CJK);
  });
});

describe('language from a platform locale', () => {
  test.each([
    ['zh', 'zh'], ['zh-CN', 'zh'], ['zh-hans', 'zh'], ['zh-TW', 'zh'], ['zh_Hant', 'zh'], ['ZH-cn', 'zh'],
    ['en', 'en'], ['en-US', 'en'], ['ja', 'en'], ['pt-BR', 'en'],
    ['', undefined], [undefined, undefined], ['zhx', 'en'], ['1', undefined],
  ])('GIVEN %s THEN %s', (locale, lang) => expect(langFromLocale(locale)).toBe(lang));
});

describe('translation lookups (templates remembered per key and plural form)', () => {
  test('each count still gets its own plural form, in the same order or any other', () => {
    const en = tFor('en');
    for (let round = 0; round < 2; round++) {
      expect(en('number.months', { count: 1 })).toBe('1 month');
      expect(en('number.months', { count: 2 })).toBe('2 months');
      expect(en('number.months', { count: 0 })).toBe('0 months');
      expect(en('number.months', { count: 1.5 })).toBe('1.5 months');
    }
    const zh = tFor('zh');
    expect(zh('number.months', { count: 1 })).toBe('1 个月');
    expect(zh('number.months', { count: 3 })).toBe('3 个月');
  });

  test('placeholder values are filled per call, never remembered', () => {
    const en = tFor('en');
    expect(en('number.pct', { n: '1.5' })).toBe('1.5%');
    expect(en('number.pct', { n: '2' })).toBe('2%');
  });

  test('options that change the lookup are honoured every time (defaultValue, returnObjects)', () => {
    const en = tFor('en');
    const t = en as unknown as (key: string, opts?: Record<string, unknown>) => unknown;
    expect(t('number.noSuchKey', { defaultValue: 'first' })).toBe('first');
    expect(t('number.noSuchKey', { defaultValue: 'second' })).toBe('second');
    expect(typeof t('number.scale', { returnObjects: true })).toBe('object');
  });
});
