/** Command names, ASCII on every platform, in the order help lists them. */
export const commandNames = [
  'carry', 'neutral', 'spread', 'liquidity', 'debt', 'path', 'scenario', 'factcheck',
  'brief', 'events', 'subscribe', 'unsubscribe', 'alert', 'alerts', 'settings', 'help', 'about',
] as const;

export type CommandName = (typeof commandNames)[number];
