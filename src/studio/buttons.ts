/**
 * The "Open studio" button, for the adapters to attach (platform-neutral: a label and a URL).
 *
 * - Telegram: an inline `web_app` button (`InlineKeyboard.webApp(label, url)`) under what-if answers
 *   and /help. Telegram allows `web_app` inline buttons in private chats only; in groups use a plain
 *   `url` button with the same URL (it opens in the browser).
 * - Discord: a link button (`ButtonStyle.Link`, `setURL(url)`).
 * Without an https PUBLIC_URL there is no button (null).
 */
import type { Outcome } from '../commands/run.js';
import { tFor, type Lang } from '../i18n/index.js';
import { studioUrl } from './url.js';

/** The commands whose answers the studio can open on (what-ifs the page has sliders for), plus /help. */
export const STUDIO_COMMANDS: ReadonlySet<string> = new Set(['carry', 'liquidity', 'neutral', 'debt', 'path', 'scenario', 'help']);

export interface StudioButton {
  label: string;
  url: string;
}

/** The button for an answer: opens the studio on the same scenario, language and preset; null when none applies. */
export function studioButton(publicUrl: string | undefined | null, o: { lang: Lang; preset?: 'observed' | 'article'; command?: string }): StudioButton | null {
  const url = studioUrl(publicUrl, { lang: o.lang, ...(o.preset ? { preset: o.preset } : {}), ...(o.command ? { command: o.command } : {}) });
  return url ? { label: tFor(o.lang)('studio:openButton'), url } : null;
}

/**
 * The button for a command's outcome: what-if answers (and /help) get one; errors and other commands
 * do not. `line` is the command line as answered (it becomes the page's starting scenario).
 */
export function studioButtonFor(publicUrl: string | undefined | null, outcome: Outcome, line?: string): StudioButton | null {
  if (!outcome.ok || !outcome.command || !STUDIO_COMMANDS.has(outcome.command)) return null;
  const command = outcome.command === 'help' ? undefined : (line ?? `/${outcome.command}`);
  return studioButton(publicUrl, { lang: outcome.lang, preset: outcome.preset, ...(command ? { command } : {}) });
}
