/**
 * The one answer path every entry point takes: a typed command, a Discord option set, a button tap,
 * an inline query. Given who asked, where and what, it applies the limits, builds the context,
 * checks admin rights, runs the command and says what to show. Adapters only translate platform
 * events in (an `Asker` and an `Ask`) and show the `Shown` out. It never throws: anything
 * unexpected (the store down, a bug) is logged and becomes the localized "internal" notice.
 */
import { makeContext } from '../commands/context.js';
import { exampleLine } from '../commands/describe.js';
import { formatter } from '../commands/format.js';
import { choicePayload, readTap } from '../commands/nudges.js';
import { registry } from '../commands/registry.js';
import { execute, splitLine, type Invocation, type Outcome, type RunHooks } from '../commands/run.js';
import { understand } from '../commands/understand/index.js';
import { baselineOf, executeText, questionLang } from '../commands/understand/respond.js';
import type { Button, CommandContext, CommandDef, Platform } from '../commands/types.js';
import { langFromLocale, type Lang } from '../i18n/index.js';
import type { AdapterDeps } from './deps.js';
import { LIMIT_DEFAULTS, Limits } from './limits.js';

/** Who asked, and where, as the platform tells it. */
export interface Asker {
  platform: Platform;
  /** The chat whose settings apply: tg:<chat id>, dc:<channel id>. */
  chatId: string;
  /** Key of the asker's per-user budget. */
  userKey: string;
  /** Key of the chat's shared budget, for groups and servers (none in private chats). */
  groupKey?: string;
  /** The platform's idea of the asker's language (Telegram language_code, Discord locale). */
  locale?: string | null;
  /** Another bot: never answered (no loops). */
  isBot?: boolean;
  /** Whether the asker may change this chat's state (asked only for admin commands). */
  isAdmin(): Promise<boolean>;
}

/** What was asked. */
export type Ask =
  /** A command line as typed (or decoded from a deep link); `readOnly` refuses commands that change state (inline mode). */
  | { kind: 'line'; line: string; readOnly?: boolean }
  /** A command with typed values (Discord options): numbers reach the command as numbers. */
  | { kind: 'options'; name: string; values: Readonly<Record<string, string | number>> }
  /** A nudge button's payload (untrusted: parsed like typed input). */
  | { kind: 'tap'; payload: string }
  /** Words as people type them ("利差1.5会怎样", "what if the Fed cuts twice?"): understood, or asked back. */
  | { kind: 'text'; text: string };

/** What to show. */
export type Shown =
  /** Nothing at all (another bot, a group over its budget, a user already warned). */
  | { kind: 'silent' }
  /** One line for the asker alone where the platform can (ephemeral, a tap's toast). */
  | { kind: 'notice'; text: string; lang: Lang; code: string }
  /** An answer to show; `note` is a line for the asker alone beside it (a nudge at its bound). */
  | { kind: 'answer'; outcome: Extract<Outcome, { ok: true }>; ctx: CommandContext; note?: string; /** a nudge: replaces the tapped answer */ inPlace?: boolean }
  /** Text with more than one reading: the question back, with a button for each reading. */
  | { kind: 'choices'; text: string; lang: Lang; buttons: Button[] };

export type AnswerDeps = Pick<AdapterDeps, 'dataset' | 'settings' | 'subscriptions' | 'alerts' | 'logger' | 'now' | 'limits' | 'chatLimits'>;

export class AnswerPath {
  private readonly limits: Limits;
  private readonly chatLimits: Limits;
  private readonly now: () => Date;

  constructor(private readonly deps: AnswerDeps) {
    this.limits = deps.limits ?? new Limits(LIMIT_DEFAULTS.user);
    this.chatLimits = deps.chatLimits ?? new Limits(LIMIT_DEFAULTS.chat);
    this.now = deps.now ?? (() => new Date());
  }

  /** The context for an asker (preset overridden for a tap that switches it; a question's own language). */
  context(asker: Asker, override?: { preset?: CommandContext['presetName'] }, questionLanguage?: Lang | null): Promise<CommandContext> {
    return makeContext({
      dataset: this.deps.dataset,
      settings: this.deps.settings,
      ...(this.deps.subscriptions ? { subscriptions: this.deps.subscriptions } : {}),
      ...(this.deps.alerts ? { alerts: this.deps.alerts } : {}),
      chatId: asker.chatId,
      platform: asker.platform,
      // A question answers in its own language unless the chat set one; else the platform's locale.
      platformLocale: questionLanguage ?? asker.locale,
      now: this.now(),
      ...(override ? { override } : {}),
    });
  }

  /** `metered: false` for the further parts of one request (an inline query's examples): one request, one token. */
  async answer(asker: Asker, ask: Ask, o: { metered?: boolean } = {}): Promise<Shown> {
    let lang: Lang = langFromLocale(asker.locale) ?? 'en';
    try {
      if (asker.isBot) return { kind: 'silent' };
      const ctx = await this.context(asker, undefined, ask.kind === 'text' ? questionLang(ask.text) : null);
      lang = ctx.lang;
      const verdict = o.metered === false ? 'ok' : this.limits.take(asker.userKey);
      if (verdict === 'silent') return { kind: 'silent' };
      if (verdict === 'warn') return notice(ctx, 'nudge.slowDown');
      // A group's shared budget is spent only by askers within their own, and is never announced.
      if (o.metered !== false && asker.groupKey && this.chatLimits.take(asker.groupKey) !== 'ok') return { kind: 'silent' };
      return await this.run(asker, ask, ctx);
    } catch (err) {
      this.deps.logger.error({ err, chat: asker.chatId, ask: ask.kind }, 'answer failed');
      return { kind: 'notice', text: formatter(lang).t('errors:internal'), lang, code: 'internal' };
    }
  }

  private async run(asker: Asker, ask: Ask, ctx: CommandContext): Promise<Shown> {
    const t = ctx.fmt.t;
    const hooks = { onUnexpected: (err: unknown) => this.deps.logger.error({ err, chat: asker.chatId }, 'command failed') };
    if (ask.kind === 'tap') {
      const tap = readTap(ask.payload, ctx.fmt);
      if (!tap.ok) return notice(ctx, 'nudge.invalid');
      const bound = tap.bound ? { edge: t(`nudge.edge.${tap.bound.edge}`), value: tap.bound.value } : null;
      if (tap.bound && !tap.bound.moved) return notice(ctx, 'nudge.atBound', bound!);
      const tctx = !tap.preset || tap.preset === ctx.presetName ? ctx : await this.context(asker, { preset: tap.preset });
      const outcome = await execute(tap.line, tctx, hooks);
      if (!outcome.ok) return failed(outcome);
      // A nudge replaces the answer it was under; a reading chosen from several is a new answer.
      return { kind: 'answer', outcome, ctx: tctx, inPlace: tap.preset !== null, ...(bound ? { note: t('nudge.bound', bound) } : {}) };
    }
    if (ask.kind === 'text') return this.text(asker, ask.text, ctx, hooks);
    const input: string | Invocation = ask.kind === 'line' ? ask.line : { name: ask.name, tokens: [], named: ask.values };
    const def = registry.get(ask.kind === 'line' ? (splitLine(ask.line)?.name ?? '') : ask.name);
    if (def?.admin) {
      if (ask.kind === 'line' && ask.readOnly) return notice(ctx, 'errors:inlineReadOnly', refusal(def));
      if (!(await asker.isAdmin())) return notice(ctx, 'errors:adminOnly', refusal(def));
    }
    const outcome = await execute(input, ctx, hooks);
    return outcome.ok ? { kind: 'answer', outcome, ctx } : failed(outcome);
  }

  /** Free text: what it means, run like the command it stands for (admin rights included), or the question back. */
  private async text(asker: Asker, text: string, ctx: CommandContext, hooks: RunHooks): Promise<Shown> {
    const understood = understand(text, baselineOf(ctx));
    const def = understood.kind === 'command' ? registry.get(splitLine(understood.line)?.name ?? '') : undefined;
    if (def?.admin && !(await asker.isAdmin())) return notice(ctx, 'errors:adminOnly', refusal(def));
    const { outcome, candidates } = await executeText(text, ctx, hooks);
    if (outcome.ok) return { kind: 'answer', outcome, ctx };
    if (candidates?.length) return { kind: 'choices', text: outcome.error.message, lang: ctx.lang, buttons: candidates.map((line) => ({ label: line, payload: choicePayload(line) })) };
    return failed(outcome);
  }
}

const refusal = (def: CommandDef) => ({ command: def.name, example: exampleLine(def) });

function notice(ctx: CommandContext, key: string, values?: Record<string, string | number>): Shown {
  return { kind: 'notice', text: ctx.fmt.tidy(ctx.fmt.t(key as 'nudge.invalid', values ?? {})), lang: ctx.lang, code: key };
}

function failed(outcome: Extract<Outcome, { ok: false }>): Shown {
  return { kind: 'notice', text: outcome.error.message, lang: outcome.lang, code: outcome.error.code };
}
