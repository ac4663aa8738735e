/**
 * A chat's alerts in the state store the briefings use (SQLite file, or Redis when configured):
 * one record per chat, so the per-chat cap, the ids and the list are one read.
 *
 * Beside each alert the record keeps what the watcher decided to send and has not yet seen
 * settled (`pending`), and the delivery keys it has already produced (`seen`): a firing is written
 * here before it is handed to the broadcaster, so a crash in between loses nothing, and a key seen
 * once is never produced again.
 */
import type Keyv from 'keyv';
import type { AlertPort, AlertRecord, AlertRule } from '../commands/types.js';
import type { Lang } from '../i18n/index.js';
import type { StateStore } from '../state/store.js';
import type { AlertEvent } from './events.js';

/** A message the watcher decided to send: its delivery key (one per alert and day or meeting) and what it says. */
export interface Firing {
  key: string;
  localDate: string;
  event: AlertEvent;
}

export type StoredAlert = AlertRecord & { pending?: Firing[]; seen?: string[] };

export interface ChatAlerts {
  chatId: string;
  nextId: number;
  /** The language the alerts were set in: used while the chat has none set. */
  lang?: Lang;
  /** Disabled when the chat turned out to be unreachable (blocked, deleted); set again by a new /alert. */
  status: 'active' | 'disabled';
  disabledReason?: string;
  alerts: StoredAlert[];
}

/** Delivery keys remembered per alert: enough for every day and meeting that can still fire. */
const SEEN_KEPT = 30;

export const rememberSeen = (seen: readonly string[] | undefined, key: string): string[] => [...(seen ?? []), key].slice(-SEEN_KEPT);

const publicOf = ({ pending: _p, seen: _s, ...a }: StoredAlert): AlertRecord => a;

export class AlertStore implements AlertPort {
  private readonly kv: Keyv<ChatAlerts>;
  constructor(
    store: StateStore,
    readonly bandPp = 0.1,
  ) {
    this.kv = store.keyv<ChatAlerts>('alerts');
  }

  async get(chatId: string): Promise<ChatAlerts | undefined> {
    return this.kv.get(chatId);
  }

  async list(chatId: string): Promise<AlertRecord[]> {
    return ((await this.get(chatId))?.alerts ?? []).map(publicOf);
  }

  async add(chatId: string, rule: AlertRule, o: { armed: boolean; now: Date; max: number; lang: Lang }): Promise<AlertRecord | 'full'> {
    const rec = (await this.get(chatId)) ?? { chatId, nextId: 1, status: 'active', alerts: [] };
    if (rec.alerts.length >= o.max) return 'full';
    const alert = { ...rule, id: rec.nextId, created: o.now.toISOString(), ...(rule.kind === 'level' ? { armed: o.armed } : {}) } as StoredAlert;
    // A chat that sets an alert is reachable again.
    const { disabledReason: _r, ...rest } = rec;
    await this.kv.set(chatId, { ...rest, nextId: rec.nextId + 1, lang: o.lang, status: 'active', alerts: [...rec.alerts, alert] });
    return publicOf(alert);
  }

  async remove(chatId: string, which: number | 'all'): Promise<number> {
    const rec = await this.get(chatId);
    if (!rec) return 0;
    const kept = which === 'all' ? [] : rec.alerts.filter((a) => a.id !== which);
    const removed = rec.alerts.length - kept.length;
    if (removed) await this.kv.set(chatId, { ...rec, alerts: kept });
    return removed;
  }

  async put(rec: ChatAlerts): Promise<void> {
    await this.kv.set(rec.chatId, rec);
  }

  /** The chat cannot be reached: its alerts stop, kept for when it comes back. */
  async disable(chatId: string, reason: string): Promise<void> {
    const rec = await this.get(chatId);
    if (rec && rec.status !== 'disabled') await this.kv.set(chatId, { ...rec, status: 'disabled', disabledReason: reason });
  }

  async all(): Promise<ChatAlerts[]> {
    if (!this.kv.iterator) throw new Error('state store cannot list alerts');
    const out: ChatAlerts[] = [];
    for await (const [, value] of this.kv.iterator(undefined)) if (value) out.push(value as ChatAlerts);
    return out;
  }
}
