/** i18next set up once from locales/<lng>/<ns>.json; keys are typed from the English files. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18n, type TFunction } from 'i18next';
import type common from '../../locales/en/common.json';
import type commands from '../../locales/en/commands.json';
import type errors from '../../locales/en/errors.json';
import type factcheck from '../../locales/en/factcheck.json';
import type moves from '../../locales/en/moves.json';
import type ask from '../../locales/en/ask.json';
import type studio from '../../locales/en/studio.json';
import { localesDir } from '../data/paths.js';

export const namespaces = ['common', 'commands', 'errors', 'factcheck', 'moves', 'ask', 'studio'] as const;
export type Namespace = (typeof namespaces)[number];

/** The product's two languages, and the locale folder each lives in. */
export const langs = ['en', 'zh'] as const;
export type Lang = (typeof langs)[number];
export const localeOf: Record<Lang, string> = { en: 'en', zh: 'zh-CN' };

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'common';
    resources: { common: typeof common; commands: typeof commands; errors: typeof errors; factcheck: typeof factcheck; moves: typeof moves; ask: typeof ask; studio: typeof studio };
    returnNull: false;
  }
}

export type T = TFunction<Namespace[]>;

let instance: I18n | undefined;

function load(): I18n {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const lang of langs) {
    const locale = localeOf[lang];
    resources[locale] = {};
    for (const ns of namespaces) {
      resources[locale]![ns] = JSON.parse(readFileSync(join(localesDir(), locale, `${ns}.json`), 'utf8'));
    }
  }
  const i = i18next.createInstance();
  void i.init({
    resources,
    lng: 'en',
    fallbackLng: 'en',
    supportedLngs: Object.values(localeOf),
    ns: [...namespaces],
    defaultNS: 'common',
    // Lookup only: placeholders are filled by `fill`, and nesting ($t(…)) is never used.
    interpolation: { escapeValue: false, skipOnVariables: true },
    initAsync: false,
    showSupportNotice: false,
  } as Parameters<I18n['init']>[0]);
  return i;
}

/** `{{name}}` in a template; names are ours (locale files), never the user's. */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Fills a template's placeholders in one pass over the template alone. Inserted values are data:
 * they are never scanned again, so text a user typed ("$t(", "{{x}}", "{{- y}}") stays literal.
 */
export function fill(template: string, values: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(values, name) && values[name] !== undefined && values[name] !== null ? String(values[name]) : whole,
  );
}

const translators = new Map<Lang, T>();

/** Options that change which template a lookup finds (beyond `count`): such calls skip the memo. */
const LOOKUP_OPTIONS = new Set(['context', 'defaultValue', 'returnObjects', 'ns', 'lng', 'lngs', 'fallbackLng', 'ordinal', 'keyPrefix', 'postProcess', 'joinArrays']);
const MAX_TEMPLATES = 4096;

/**
 * What a lookup's template depends on: the key and, with a numeric `count`, the plural category in
 * this language and in the fallback (en), or zero (`key_zero`). null: not memoized. Placeholder
 * values never matter (i18next does not interpolate here), so the template found once is the same
 * for every later call with the same memo key; i18next copies its whole options object on every
 * lookup, which made it the largest source of garbage per answer (heap sampling under the soak).
 */
function templateKey(lang: Lang): (key: string, opts?: Record<string, unknown>) => string | null {
  const own = new Intl.PluralRules(localeOf[lang]);
  const fallback = new Intl.PluralRules(localeOf.en);
  return (key, opts) => {
    if (!opts) return key;
    for (const name in opts) if (LOOKUP_OPTIONS.has(name)) return null;
    const count = opts.count;
    if (count === undefined) return key;
    if (typeof count !== 'number') return typeof count === 'string' ? key : null;
    return count === 0 ? `${key}\u0000zero` : `${key}\u0000${own.select(count)}\u0000${fallback.select(count)}`;
  };
}

/**
 * A translation function fixed to one language. i18next only looks the key up (namespace, plural
 * form from `count`, fallback language); it never interpolates or nests (`skipInterpolation`), so
 * none of its template scanning ever runs over a finished string that holds user text. The
 * placeholders are filled by `fill`.
 */
export function tFor(lang: Lang): T {
  const cached = translators.get(lang);
  if (cached) return cached;
  instance ??= load();
  const lookup = instance.getFixedT(localeOf[lang], [...namespaces]) as unknown as (key: string, opts?: object) => unknown;
  const memoKey = templateKey(lang);
  const templates = new Map<string, string>();
  const t = (key: string, opts?: Record<string, unknown>): unknown => {
    const memo = memoKey(key, opts);
    let raw: unknown = memo === null ? undefined : templates.get(memo);
    if (raw === undefined) {
      raw = lookup(key, { ...opts, skipInterpolation: true });
      if (memo !== null && typeof raw === 'string') {
        if (templates.size >= MAX_TEMPLATES) templates.clear();
        templates.set(memo, raw);
      }
    }
    return typeof raw === 'string' && opts ? fill(raw, opts) : raw;
  };
  translators.set(lang, t as unknown as T);
  return t as unknown as T;
}

/** `zh`, `zh-CN`, `zh-hans`, `zh-TW`, `zh_Hant` … → zh; anything else that names a language → en. */
export function langFromLocale(locale: string | undefined | null): Lang | undefined {
  if (!locale) return undefined;
  return /^zh([-_]|$)/i.test(locale.trim()) ? 'zh' : /^[a-z]{2,3}([-_]|$)/i.test(locale.trim()) ? 'en' : undefined;
}
