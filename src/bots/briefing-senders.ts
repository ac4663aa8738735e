/** The platform senders, seen by the broadcaster as one interface. */
import type { BriefingSender } from '../briefings/delivery.js';
import { ChannelUnusableError, isUnreachable as discordUnreachable, type DiscordSender } from './discord/sender.js';
import { isUnreachable as telegramUnreachable, type TelegramSender } from './telegram/sender.js';

/** `selfPaced`: the sender's Api paces every call (installTransport with a pacer), so briefings take no second slot. */
export function telegramBriefings(sender: TelegramSender, perSecond: number, selfPaced = false): BriefingSender {
  return { perSecond, selfPaced, unreachable: telegramUnreachable, send: (target, outcome, ctx) => sender.send(Number(target), outcome, ctx.theme, { bulk: true }) };
}

export function discordBriefings(sender: Pick<DiscordSender, 'send'>, perSecond: number): BriefingSender {
  return {
    perSecond,
    unreachable: (err) => discordUnreachable(err) || err instanceof ChannelUnusableError,
    send: (target, outcome, ctx) => sender.send(target, outcome, ctx),
  };
}
