/** The platform senders, seen by the broadcaster as one interface. */
import type { BriefingSender } from '../briefings/delivery.js';
import { ChannelUnusableError, isUnreachable as discordUnreachable, type DiscordSender } from './discord/sender.js';
import { isUnreachable as telegramUnreachable, type TelegramSender } from './telegram/sender.js';

export function telegramBriefings(sender: TelegramSender, perSecond: number): BriefingSender {
  return { perSecond, unreachable: telegramUnreachable, send: (target, outcome, ctx) => sender.send(Number(target), outcome, ctx.theme) };
}

export function discordBriefings(sender: Pick<DiscordSender, 'send'>, perSecond: number): BriefingSender {
  return {
    perSecond,
    unreachable: (err) => discordUnreachable(err) || err instanceof ChannelUnusableError,
    send: (target, outcome, ctx) => sender.send(target, outcome, ctx),
  };
}
