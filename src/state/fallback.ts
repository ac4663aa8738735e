/**
 * Chat state that keeps commands answering while the state store (Redis) is away.
 *
 * Reads fall back to what this process last read or wrote for the chat (else the defaults), so
 * every command still answers in the chat's language and preset as far as this process knows.
 * Writes cannot be kept, so they are refused with a localized "cannot save right now" — never a
 * hang, never a silent loss. The outage is logged once when it starts and once when it ends, not
 * once per request. A store that hangs instead of refusing is given up on after `timeoutMs`.
 */
import type { Logger } from 'pino';
import { LruCache } from '../charts/lru.js';
import { UserError } from '../commands/errors.js';
import type { AlertPort, AlertRecord, ChatSettings, SettingsStore, SubscriptionPort, SubscriptionRecord } from '../commands/types.js';

export class StateOutage {
  private down = false;
  constructor(
    private readonly logger: Logger,
    readonly timeoutMs = 1500,
  ) {}

  async call<T>(work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = await Promise.race([
        work(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`state store did not answer within ${this.timeoutMs} ms`)), this.timeoutMs);
        }),
      ]);
      if (this.down) {
        this.down = false;
        this.logger.info('state: store answering again; commands use it as before');
      }
      return result;
    } catch (err) {
      if (!this.down) {
        this.down = true;
        this.logger.warn({ err }, 'state: store unavailable; answering from what this process knows and refusing changes until it is back');
      }
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  get isDown(): boolean {
    return this.down;
  }
}

type Sized = { value: ChatSettings; byteLength: number };

export class FallbackSettings implements SettingsStore {
  private readonly known: LruCache<Sized>;

  constructor(
    private readonly inner: SettingsStore,
    private readonly outage: StateOutage,
    maxChats = 100_000,
  ) {
    this.known = new LruCache<Sized>(maxChats, maxChats * 256);
  }

  async get(chatId: string): Promise<ChatSettings> {
    try {
      const value = await this.outage.call(() => this.inner.get(chatId));
      this.remember(chatId, value);
      return value;
    } catch {
      return { ...(this.known.get(chatId)?.value ?? {}) };
    }
  }

  async set(chatId: string, patch: ChatSettings): Promise<ChatSettings> {
    let value: ChatSettings;
    try {
      value = await this.outage.call(() => this.inner.set(chatId, patch));
    } catch {
      throw new UserError('stateUnavailable');
    }
    this.remember(chatId, value);
    return value;
  }

  private remember(chatId: string, value: ChatSettings): void {
    this.known.set(chatId, { value: { ...value }, byteLength: 64 + JSON.stringify(value).length });
  }
}

/** A store call as commands see it: any failure is a localized "cannot save right now". */
async function guarded<T>(outage: StateOutage, work: () => Promise<T>): Promise<T> {
  try {
    return await outage.call(work);
  } catch {
    throw new UserError('stateUnavailable');
  }
}

/** Subscriptions as commands see them: any store failure is a localized "cannot save right now". */
export class GuardedSubscriptions implements SubscriptionPort {
  constructor(
    private readonly inner: SubscriptionPort,
    private readonly outage: StateOutage,
  ) {}

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return guarded(this.outage, work);
  }

  get(chatId: string): Promise<SubscriptionRecord | undefined> {
    return this.guard(() => this.inner.get(chatId));
  }
  put(sub: SubscriptionRecord): Promise<void> {
    return this.guard(() => this.inner.put(sub));
  }
  remove(chatId: string): Promise<boolean> {
    return this.guard(() => this.inner.remove(chatId));
  }
  setZone(chatId: string, zone: string): Promise<void> {
    return this.guard(() => this.inner.setZone(chatId, zone));
  }
}

/** Alerts as commands see them: the same guard. */
export class GuardedAlerts implements AlertPort {
  constructor(
    private readonly inner: AlertPort,
    private readonly outage: StateOutage,
  ) {}

  get bandPp(): number {
    return this.inner.bandPp;
  }
  list(chatId: string): Promise<AlertRecord[]> {
    return guarded(this.outage, () => this.inner.list(chatId));
  }
  add(...args: Parameters<AlertPort['add']>): Promise<AlertRecord | 'full'> {
    return guarded(this.outage, () => this.inner.add(...args));
  }
  remove(chatId: string, which: number | 'all'): Promise<number> {
    return guarded(this.outage, () => this.inner.remove(chatId, which));
  }
}
