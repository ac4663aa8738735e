/**
 * Free text in, an outcome out: what an adapter calls with whatever the user typed.
 *
 *   questionLang(text)            — the language to answer in when the chat has not set one: the
 *                                   question's, or null for a registry slash line / no words.
 *   executeText(text, ctx, hooks) — a slash command runs as before; anything else goes through
 *                                   understand(): a reading runs with "→ /carry 1.5" appended to the
 *                                   answer (so people learn the short form); two readings give the
 *                                   error {code: 'ambiguous'} and `candidates` (for buttons); none
 *                                   gives {code: 'notUnderstood'} with a localized hint and two
 *                                   examples. A slash the user did not type is never echoed.
 */
import type { Lang } from '../../i18n/index.js';
import { formatter } from '../format.js';
import { registry } from '../registry.js';
import { execute, splitLine, type Outcome, type RunHooks } from '../run.js';
import type { CommandContext } from '../types.js';
import { detectLang, understand, type Baseline } from './index.js';

export interface TextOutcome {
  outcome: Outcome;
  /** The command line that ran (as understood), or null when none did. */
  parsed: string | null;
  /** Two or three readings to offer as buttons, when the text had more than one. */
  candidates: string[] | null;
}

/** "/carry 1.5", "/carry@Bot 1.5": a registry command typed as such. */
export function isCommandLine(text: string): boolean {
  const s = text.normalize('NFKC').trim();
  if (!s.startsWith('/')) return false;
  const inv = splitLine(s);
  return !!inv && registry.has(inv.name);
}

/** Today's spread and BOJ rate in the chat's preset, for questions phrased as a change. */
export function baselineOf(ctx: CommandContext): Baseline {
  return { spreadPp: ctx.dataset.currentSpread(ctx.preset), bojRatePct: ctx.preset.figures.bojRate.value };
}

export function questionLang(text: string): Lang | null {
  if (isCommandLine(text)) return null;
  return detectLang(text.replace(/^\s*\/\S*/, (m) => (/[^\x00-\x7f]/.test(m) ? m : '')).trim() || text);
}

const canon = (line: string) => line.normalize('NFKC').trim().replace(/@\S+/, '').replace(/\s+/g, ' ').toLowerCase();

export async function executeText(text: string, ctx: CommandContext, hooks?: RunHooks): Promise<TextOutcome> {
  const u = understand(text, baselineOf(ctx));
  const t = ctx.fmt.t;
  if (u.kind === 'command') {
    const outcome = await execute(u.line, ctx, hooks);
    if (outcome.ok && canon(u.line) !== canon(text)) {
      const fmt = outcome.lang === ctx.lang ? ctx.fmt : formatter(outcome.lang);
      const note = fmt.t('ask:parsed', { line: u.line });
      const answer = { ...outcome.answer, text: `${outcome.answer.text}\n${note}`, footer: outcome.answer.footer ? `${outcome.answer.footer}\n${note}` : note };
      return { outcome: { ...outcome, answer }, parsed: u.line, candidates: null };
    }
    return { outcome, parsed: u.line, candidates: null };
  }
  const fail = (code: string, message: string): Outcome => ({ ok: false, command: null, lang: ctx.lang, preset: ctx.presetName, error: { code, message } });
  if (u.kind === 'ambiguous') {
    const message = t('ask:ambiguous', { candidates: u.candidates.join(t('ask:or')) });
    return { outcome: fail('ambiguous', message), parsed: null, candidates: u.candidates };
  }
  // The user typed a slash and a Latin word we do not know: the old "unknown command" line names it.
  if (/^\s*\/[a-z_]/i.test(text.normalize('NFKC'))) return { outcome: await execute(text, ctx, hooks), parsed: null, candidates: null };
  return { outcome: fail('notUnderstood', t('ask:hint', { a: t('ask:example1'), b: t('ask:example2') })), parsed: null, candidates: null };
}
