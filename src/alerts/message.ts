/**
 * A fired alert as the chat sees it: what happened (level, date, line; or the meeting and its
 * outcome) leading the what-if answer it carries — /carry at today's spread for a line crossed or a
 * decision taken, /scenario with the bank's usual step for a reminder — with that answer's chart,
 * footer and buttons. One function, used by whichever process delivers the job.
 */
import { carryFor, currentSpread } from '../commands/defs/shared.js';
import { decisionLine, recentDecisions, rateText, upcoming } from '../commands/defs/calendar.js';
import { levelNow, levelText } from '../commands/defs/alerts.js';
import { execute, type Outcome, type RunHooks } from '../commands/run.js';
import type { CommandContext, Figures } from '../commands/types.js';
import type { AlertEvent } from './events.js';

const CARRY_RANGE = { min: 0, max: 6 };
const clamp = (x: number) => Math.min(CARRY_RANGE.max, Math.max(CARRY_RANGE.min, Number(x.toFixed(3))));

/** The spread the carried /carry answer is asked at: the alert's own value when it watches the spread. */
function spreadFor(ctx: CommandContext, e: AlertEvent): number {
  if (e.type === 'level' && e.series === 'spread') return clamp(e.value);
  return clamp(levelNow(ctx.dataset, 'spread')?.value ?? currentSpread(ctx));
}

function eventFigures(e: AlertEvent): Figures {
  return { ...e };
}

/** The lines above the carried answer, and the line under it. */
function framing(ctx: CommandContext, e: AlertEvent): { head: string[]; tail: string[]; line: string } {
  const { fmt } = ctx;
  const t = fmt.t;
  const bank = (b: 'fomc' | 'boj') => t(`commands:events.bank.${b}`);
  switch (e.type) {
    case 'level': {
      const name = t(`commands:alert.name.${e.series}`);
      return {
        head: [
          t('commands:alert.fire.level', {
            id: e.id,
            name,
            op: t(`commands:alert.op.${e.op}`),
            threshold: levelText(ctx, e.series, e.threshold),
            value: levelText(ctx, e.series, e.value),
            date: fmt.date(e.date),
          }),
        ],
        tail: [t('commands:alert.fire.rearm', { name, rearm: levelText(ctx, e.series, e.rearm) })],
        line: `/carry ${spreadFor(ctx, e)}`,
      };
    }
    case 'remind': {
      const next = upcoming(ctx, e.bank, 3).find((m) => m.date === e.date);
      const f = ctx.preset.figures;
      const rate = e.bank === 'boj' ? fmt.pct(f.bojRate.value) : rateText(ctx, { rate: f.fedFundsHigh.value, rateLow: f.fedFundsLow.value });
      const p = ctx.preset.params;
      return {
        head: [
          t('commands:alert.fire.remind', {
            id: e.id,
            bank: bank(e.bank),
            when: next ? next.decision.setLocale(t('date.locale')).toFormat(`${t('date.weekday')} HH:mm`) : fmt.date(e.date),
            unconfirmed: next && !next.confirmed ? t('commands:brief.unconfirmed') : '',
            rate,
          }),
          t('commands:alert.fire.remindWhat'),
        ],
        tail: [],
        line: e.bank === 'fomc' ? `/scenario ${p.scenarioFedBp} 0` : `/scenario 0 ${p.scenarioBojBp}`,
      };
    }
    case 'decided': {
      const d = recentDecisions(ctx, 60).find((x) => x.bank === e.bank && x.date === e.date);
      const spread = spreadFor(ctx, e);
      const threshold = carryFor(ctx, currentSpread(ctx)).midpointPp;
      const head = [t('commands:alert.fire.decided', { id: e.id, decision: d ? decisionLine(ctx, d) : `${bank(e.bank)} ${fmt.date(e.date)}` })];
      head.push(
        t('commands:alert.fire.threshold', {
          spread: fmt.pp(spread),
          distance: fmt.pp(Math.abs(Number((spread - threshold).toFixed(4)))),
          side: t(`commands:alert.fire.side.${spread >= threshold ? 'above' : 'below'}`),
          threshold: fmt.pp(Number(threshold.toFixed(2))),
        }),
      );
      return { head, tail: [], line: `/carry ${spread}` };
    }
  }
}

/** The message for a fired alert in the chat's context: the framing around the carried answer. */
export async function alertOutcome(e: AlertEvent, ctx: CommandContext, hooks?: RunHooks): Promise<Outcome> {
  const { head, tail, line } = framing(ctx, e);
  const carried = await execute(line, ctx, hooks);
  const figures = { alert: eventFigures(e) };
  if (!carried.ok) {
    // The framing alone still says what happened.
    const text = ctx.fmt.tidy([...head, ...tail].join('\n'));
    return { ok: true, command: 'alert', lang: ctx.lang, preset: ctx.presetName, answer: { text, footer: null, chart: null, figures } };
  }
  const a = carried.answer;
  // The footer (preset, data date) stays the last line.
  const body = a.footer && a.text.endsWith(a.footer) ? a.text.slice(0, -a.footer.length).trimEnd() : a.text;
  const text = [...head, body, ...tail, ...(a.footer && body !== a.text ? [a.footer] : [])].join('\n');
  return { ...carried, answer: { ...a, text: ctx.fmt.tidy(text), figures: { ...a.figures, ...figures, carried: line } } };
}
