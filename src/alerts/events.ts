/** What a fired alert says: carried by the delivery job, so any worker can write the message. */
import type { AlertBank, Watched } from '../commands/types.js';

export type AlertEvent =
  /** A threshold alert's series crossed its line. */
  | { type: 'level'; id: number; series: Watched; op: 'above' | 'below'; threshold: number; value: number; date: string; rearm: number }
  /** A bank decides tomorrow (in the chat's zone); `date` is its decision day. */
  | { type: 'remind'; id: number; bank: AlertBank; date: string }
  /** A bank's decision of `date` shows in the data. */
  | { type: 'decided'; id: number; bank: AlertBank; date: string };
