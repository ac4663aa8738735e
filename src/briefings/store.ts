/**
 * Subscriptions and delivery records in the state store.
 *
 * A delivery record per (chat, local date) makes the briefing at-least-once and never twice in
 * practice: it is claimed before sending and marked sent right after the platform answers. A claim
 * left by a crash is sent again (the request may not have gone out); only a crash in the instant
 * between the platform's answer and the record can cause a duplicate — we err on that side rather
 * than lose a briefing.
 */
import type Keyv from 'keyv';
import type { StateStore } from '../state/store.js';
import type { BriefingMemo, SubscriptionPort, SubscriptionRecord } from '../commands/types.js';

export type PlatformName = 'telegram' | 'discord';
export type Subscription = SubscriptionRecord;

export const platformOf = (chatId: string): PlatformName | null => (chatId.startsWith('tg:') ? 'telegram' : chatId.startsWith('dc:') ? 'discord' : null);
export const targetOf = (chatId: string): string => chatId.slice(3);

export class SubscriptionStore implements SubscriptionPort {
  private readonly kv: Keyv<Subscription>;
  constructor(store: StateStore) {
    this.kv = store.keyv<Subscription>('subscriptions');
  }
  async get(chatId: string): Promise<Subscription | undefined> {
    return this.kv.get(chatId);
  }
  async put(sub: Subscription): Promise<void> {
    await this.kv.set(sub.chatId, sub);
  }
  async remove(chatId: string): Promise<boolean> {
    return this.kv.delete(chatId);
  }
  async setZone(chatId: string, zone: string): Promise<void> {
    const sub = await this.get(chatId);
    if (sub) await this.put({ ...sub, zone });
  }
  async block(chatId: string, reason: string): Promise<void> {
    const sub = await this.get(chatId);
    if (sub) await this.put({ ...sub, status: 'blocked', blockedReason: reason });
  }
  async all(): Promise<Subscription[]> {
    const out: Subscription[] = [];
    if (!this.kv.iterator) throw new Error('state store cannot list subscriptions');
    for await (const [, value] of this.kv.iterator(undefined)) if (value) out.push(value as Subscription);
    return out;
  }
}

/** claimed → (alerts: sending, the request is leaving) → sent; or failed / skipped. Only 'claimed' is taken over. */
export type DeliveryState = 'claimed' | 'sending' | 'sent' | 'failed' | 'skipped';

export interface Delivery {
  state: DeliveryState;
  attempts: number;
  at: string;
  error?: string;
}

export class DeliveryLog {
  private readonly kv: Keyv<Delivery>;
  private readonly memos: Keyv<BriefingMemo>;
  constructor(store: StateStore) {
    this.kv = store.keyv<Delivery>('deliveries');
    this.memos = store.keyv<BriefingMemo>('briefing-memos');
  }
  /** What the chat's last delivered briefing showed (null: none on record). */
  async lastBriefing(chatId: string): Promise<BriefingMemo | null> {
    return (await this.memos.get(chatId)) ?? null;
  }
  async remember(chatId: string, memo: BriefingMemo): Promise<void> {
    await this.memos.set(chatId, memo, 45 * 86_400_000);
  }
  static key(chatId: string, localDate: string): string {
    return `${chatId}|${localDate}`;
  }
  get(key: string): Promise<Delivery | undefined> {
    return this.kv.get(key);
  }
  /** Claims a delivery; returns the attempt number, or null when it is already settled. */
  async claim(key: string, now: Date): Promise<number | null> {
    const d = await this.kv.get(key);
    if (d && d.state !== 'claimed') return null;
    const attempts = (d?.attempts ?? 0) + 1;
    await this.kv.set(key, { state: 'claimed', attempts, at: now.toISOString() });
    return attempts;
  }
  /** The request is about to leave: from here a crash may have delivered it, so it is never taken over. */
  async sending(key: string, now: Date): Promise<void> {
    const d = await this.kv.get(key);
    await this.kv.set(key, { state: 'sending', attempts: d?.attempts ?? 1, at: now.toISOString() }, 14 * 86_400_000);
  }
  /** The send failed in this process: the claim stands again, for a retry. */
  async reclaim(key: string, now: Date): Promise<void> {
    const d = await this.kv.get(key);
    await this.kv.set(key, { state: 'claimed', attempts: d?.attempts ?? 1, at: now.toISOString() });
  }
  async settle(key: string, state: Exclude<DeliveryState, 'claimed' | 'sending'>, now: Date, error?: string): Promise<void> {
    const d = await this.kv.get(key);
    await this.kv.set(key, { state, attempts: d?.attempts ?? 0, at: now.toISOString(), ...(error ? { error } : {}) }, 14 * 86_400_000);
  }
}
