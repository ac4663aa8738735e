/** What every platform adapter is given: the data, the chat state, the renderer, a logger, a clock. */
import type { Logger } from 'pino';
import type { ChartRenderer } from '../charts/renderer.js';
import type { AlertPort, SettingsStore, SubscriptionPort } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';
import type { Limits } from './limits.js';

export interface AdapterDeps {
  /** PUBLIC_URL (https): answers offer the what-if studio. */
  publicUrl?: string;
  dataset: Dataset;
  settings: SettingsStore;
  subscriptions?: SubscriptionPort;
  alerts?: AlertPort;
  renderer: ChartRenderer;
  logger: Logger;
  now?: () => Date;
  /** Per-user limits shared by commands and button taps (generous defaults when unset). */
  limits?: Limits;
  /** Per-chat limits for groups and servers. */
  chatLimits?: Limits;
  /** Told when an update or interaction has been handled to the end (tests wait on it, not on sleeps). */
  onHandled?: (id: string) => void;
}
