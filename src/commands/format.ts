/** One formatter per kind of number, in the reader's language (templates and scales live in locales/). */
import { DateTime } from 'luxon';
import type { Lang, T } from '../i18n/index.js';
import { tFor } from '../i18n/index.js';
import { memo } from './memo.js';

export interface Formatter {
  lang: Lang;
  t: T;
  /** Plain number, up to `digits` decimals, float noise removed. */
  num(n: number, digits?: number): string;
  usd(n: number): string;
  jpy(n: number): string;
  pct(n: number, digits?: number): string;
  pp(n: number, digits?: number): string;
  bp(n: number): string;
  /** Signed variants for changes: +0.25pp, -25bp. */
  signedPp(n: number): string;
  signedBp(n: number): string;
  /** A share 0–1 as a percentage: 0.24 → 24%. */
  share(x: number): string;
  months(n: number): string;
  years(n: number): string;
  days(n: number): string;
  /** ISO date → the reader's date format. */
  date(iso: string): string;
  shortDate(iso: string): string;
  band(lo: string, hi: string): string;
  /** Final typographic pass over a whole message (Chinese: no spaces between two CJK characters). */
  tidy(text: string): string;
}

const CJK = '\u3000-\u303F\u4E00-\u9FFF\uFF00-\uFFEF';
const CJK_GAP = new RegExp(`([${CJK}]) +(?=[${CJK}])`, 'gu');

/** Removes the spaces that templates leave between CJK runs ("1.5 个百分点 时" → "1.5 个百分点时"). */
export function tidyCjk(text: string): string {
  return text.replace(CJK_GAP, '$1');
}

const cache = new Map<Lang, Formatter>();

export function formatter(lang: Lang): Formatter {
  const hit = cache.get(lang);
  if (hit) return hit;
  const t = tFor(lang);
  const group = t('number.group', { returnObjects: true }) as unknown === true;
  const locale = t('date.locale');
  const scale = t('number.scale', { returnObjects: true }) as unknown as { large: number; mid: number; small: number };
  const nf = new Map<string, Intl.NumberFormat>();
  const num = (n: number, digits = 3, sig?: number): string => {
    const key = `${digits}:${sig ?? ''}`;
    let f = nf.get(key);
    if (!f) {
      f = new Intl.NumberFormat('en-US', sig
        ? { maximumSignificantDigits: sig, useGrouping: group }
        : { maximumFractionDigits: digits, useGrouping: group });
      nf.set(key, f);
    }
    const s = f.format(Object.is(n, -0) ? 0 : n);
    return s === '-0' ? '0' : s;
  };
  const money = (n: number, kind: 'usd' | 'jpy'): string => {
    // Round to three significant digits first, so 999.6B becomes $1T rather than $1,000B.
    const abs = Number(Math.abs(n).toPrecision(3));
    const sign = n < 0 ? '-' : '';
    const pick = (exp: number, k: 'large' | 'mid' | 'small'): string | null => {
      if (abs < 10 ** exp) return null;
      return sign + t(`number.${kind}.${k}`, { n: num(abs / 10 ** exp, 3, 3) });
    };
    if (abs === 0) return t(`number.${kind}.unit`, { n: '0' });
    return (
      pick(scale.large, 'large') ??
      pick(scale.mid, 'mid') ??
      pick(scale.small, 'small') ??
      sign + t(`number.${kind}.unit`, { n: num(abs, 0) })
    );
  };
  // Answers print the same few dates over and over (data dates, meetings): each is formatted once.
  const dates = new Map<string, string>();
  const dated = (iso: string, format: 'date.format' | 'date.short'): string =>
    memo(dates, `${format} ${iso}`, 4096, () => DateTime.fromISO(iso, { zone: 'utc' }).setLocale(locale).toFormat(t(format)));
  const signed = (s: string, n: number) => (n > 0 ? `+${s}` : s);
  const fmt: Formatter = {
    lang,
    t,
    num: (n, digits = 3) => num(n, digits),
    usd: (n) => money(n, 'usd'),
    jpy: (n) => money(n, 'jpy'),
    pct: (n, digits = 3) => t('number.pct', { n: num(n, digits) }),
    pp: (n, digits = 3) => t('number.pp', { n: num(n, digits) }),
    bp: (n) => t('number.bp', { n: num(n, 1) }),
    signedPp: (n) => signed(t('number.pp', { n: num(n, 3) }), n),
    signedBp: (n) => signed(t('number.bp', { n: num(n, 1) }), n),
    share: (x) => t('number.pct', { n: num(x * 100, 0) }),
    months: (n) => t('number.months', { count: n }),
    years: (n) => t('number.years', { count: n }),
    days: (n) => t('number.days', { count: n }),
    date: (iso) => dated(iso, 'date.format'),
    shortDate: (iso) => dated(iso, 'date.short'),
    band: (from, to) => t('list.bandRange', { from, to }),
    tidy: lang === 'zh' ? tidyCjk : (text) => text,
  };
  cache.set(lang, fmt);
  return fmt;
}
