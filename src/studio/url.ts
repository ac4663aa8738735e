/**
 * Links to the what-if studio, for the bots' "Open studio" buttons. Pure and dependency-free, so an
 * adapter can import it without loading anything else.
 *
 * Telegram only opens Mini Apps (`web_app` buttons) over https, so without an https PUBLIC_URL there
 * is no link and no button.
 */
export const STUDIO_PATH = '/studio';

/** The cards the page shows, one per command it runs; `show` picks the one charted first. */
export const CARDS = ['carry', 'liquidity', 'neutral', 'debt', 'path'] as const;
export type Card = (typeof CARDS)[number];

export interface StudioLink {
  lang?: 'en' | 'zh';
  preset?: 'observed' | 'article';
  /** A command line the page opens on, e.g. "/carry 1.5" (what-if answers pass their own). */
  command?: string;
}

/** Base URL from PUBLIC_URL: https only, no query or fragment; null when it cannot serve a Mini App. */
export function publicBase(publicUrl: string | undefined | null): URL | null {
  if (!publicUrl) return null;
  let url: URL;
  try {
    url = new URL(publicUrl);
  } catch {
    return null;
  }
  if (url.protocol !== 'https:') return null;
  url.search = '';
  url.hash = '';
  return url;
}

/**
 * `https://bot.example/studio?lang=zh&preset=article&cmd=%2Fcarry+1.5`, or null without an https
 * PUBLIC_URL. A PUBLIC_URL with a path (`https://example.org/carrybot`) keeps it.
 */
export function studioUrl(publicUrl: string | undefined | null, o: StudioLink = {}): string | null {
  const base = publicBase(publicUrl);
  if (!base) return null;
  const url = new URL(base.pathname.replace(/\/+$/, '') + STUDIO_PATH, base);
  if (o.lang) url.searchParams.set('lang', o.lang);
  if (o.preset) url.searchParams.set('preset', o.preset);
  if (o.command) url.searchParams.set('cmd', o.command.slice(0, 200));
  return url.toString();
}

/** What the page reads from its query string; anything unknown or malformed is ignored. */
export interface StudioQuery {
  lang?: 'en' | 'zh';
  preset?: 'observed' | 'article';
  cmd?: string;
}

export function parseStudioQuery(search: string): StudioQuery {
  const p = new URLSearchParams(search);
  const q: StudioQuery = {};
  const lang = p.get('lang');
  if (lang === 'en' || lang === 'zh') q.lang = lang;
  const preset = p.get('preset');
  if (preset === 'observed' || preset === 'article') q.preset = preset;
  const cmd = p.get('cmd');
  if (cmd && cmd.length <= 200) q.cmd = cmd;
  return q;
}
