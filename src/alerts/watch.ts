/**
 * Watches every chat's alerts against the data and hands what fires to the briefings' broadcaster.
 * Runs after each data refresh (and a refresh another process stored), and on the scheduler's
 * timer for reminders and for firings still waiting to be delivered.
 *
 * Exactly once, with any number of processes: each message has a deterministic delivery key — the
 * alert and the chat's local date for a line crossed (at most one a day), the alert and the meeting
 * for a reminder or an outcome. The watcher writes the firing into the chat's alert record first,
 * then enqueues it; the delivery claims the key in the briefings' DeliveryLog and records it sent.
 * Whoever evaluates again (another process, the same one after a restart) produces the same key,
 * which is never sent twice: the queue's job id and the delivery record both refuse it.
 */
import { DateTime } from 'luxon';
import type { Logger } from 'pino';
import type { Fanout } from '../briefings/broadcaster.js';
import { every } from '../briefings/every.js';
import { DeliveryLog, platformOf, type PlatformName } from '../briefings/store.js';
import { inForce } from '../commands/context.js';
import { levelNow } from '../commands/defs/alerts.js';
import { recentDecisions, upcoming, type Decided, type Upcoming, type When } from '../commands/defs/calendar.js';
import type { AlertBank, SettingsStore, Watched } from '../commands/types.js';
import type { Dataset } from '../data/dataset.js';
import { rearmLevel, step } from '../model/alerts.js';
import { rememberSeen, type AlertStore, type ChatAlerts, type Firing, type StoredAlert } from './store.js';

export interface WatchDeps {
  alerts: AlertStore;
  deliveries: DeliveryLog;
  fanout: Fanout;
  dataset: Dataset;
  settings: SettingsStore;
  platforms: ReadonlySet<PlatformName>;
  logger: Logger;
  clock?: () => Date;
  /** The local time from which the day-before reminder goes out (default 09:00). */
  remindAt?: string;
}

/** Outcomes older than this are not announced (a chat that set an alert after a long outage). */
const OUTCOME_DAYS = 10;

interface Calendar {
  next: Record<AlertBank, Upcoming | undefined>;
  decided: Decided[];
}

export class AlertWatcher {
  private running: Promise<void> | null = null;
  private again = false;
  private timer: { stop(): void } | undefined;
  private readonly clock: () => Date;
  readonly stats = { fired: 0, enqueued: 0 };

  constructor(private readonly deps: WatchDeps) {
    this.clock = deps.clock ?? (() => new Date());
  }

  /** One pass over every chat's alerts; a call during a pass runs one more after it (new data is never missed). */
  tick(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.pass();
      } while (this.again);
    })().finally(() => (this.running = null));
    return this.running;
  }

  start(everyMs = 20_000): void {
    this.timer = every(() => this.tick(), { everyMs, logger: this.deps.logger, what: 'alerts' });
  }

  async stop(): Promise<void> {
    this.timer?.stop();
    await this.running?.catch(() => undefined);
  }

  private async pass(): Promise<void> {
    const now = this.clock();
    const { dataset } = this.deps;
    const levels = new Map<Watched, { value: number; date: string } | null>((['spread', 'us10y', 'jp10y'] as const).map((s) => [s, levelNow(dataset, s)]));
    const calendars = new Map<string, Calendar>();
    const calendarIn = (zone: string): Calendar => {
      let c = calendars.get(zone);
      if (!c) {
        const when: When = { dataset, now, timezone: zone };
        c = { next: { fomc: upcoming(when, 'fomc', 1)[0], boj: upcoming(when, 'boj', 1)[0] }, decided: recentDecisions(when, OUTCOME_DAYS) };
        calendars.set(zone, c);
      }
      return c;
    };
    const before = { ...this.stats };
    let chats = 0;
    for (const chat of await this.deps.alerts.all()) {
      chats++;
      const platform = platformOf(chat.chatId);
      if (chat.status !== 'active' || !platform || !this.deps.platforms.has(platform) || chat.alerts.length === 0) continue;
      const zone = inForce(await this.deps.settings.get(chat.chatId), { platform, platformLocale: chat.lang }).timezone;
      const local = DateTime.fromJSDate(now).setZone(zone);
      const evaluated = this.evaluate(chat, { levels, calendar: calendarIn(zone), local });
      const current = evaluated ? await this.save(chat.chatId, evaluated) : chat;
      if (current) await this.deliver(current, zone);
    }
    const fired = this.stats.fired - before.fired;
    const enqueued = this.stats.enqueued - before.enqueued;
    this.deps.logger[fired || enqueued ? 'info' : 'debug']({ chats, fired, enqueued }, 'alerts: pass');
  }

  /** The chat's alerts after seeing the data and the clock; null when nothing changed. */
  private evaluate(chat: ChatAlerts, o: { levels: Map<Watched, { value: number; date: string } | null>; calendar: Calendar; local: DateTime }): StoredAlert[] | null {
    const localDate = o.local.toISODate()!;
    const band = this.deps.alerts.bandPp;
    let changed = false;
    const fire = <A extends StoredAlert>(a: A, key: string, firing: Omit<Firing, 'key'>): A => {
      if (a.seen?.includes(key)) return a;
      changed = true;
      this.stats.fired++;
      return { ...a, pending: [...(a.pending ?? []), { key, ...firing }], seen: rememberSeen(a.seen, key) };
    };
    const keyOf = (a: StoredAlert, what: string) => `${chat.chatId}|alert:${a.id}|${what}`;
    const alerts = chat.alerts.map((a): StoredAlert => {
      if (a.kind === 'level') {
        const level = o.levels.get(a.series);
        if (!level) return a;
        const armed = a.armed !== false;
        const verdict = step({ op: a.op, threshold: a.threshold, armed }, level.value, band);
        if (verdict === 'rearm') {
          changed = true;
          return { ...a, armed: true };
        }
        if (verdict !== 'fire') return a;
        changed = true;
        // Disarmed even when today's message already went (one a day): it re-arms past the band.
        const event = { type: 'level' as const, id: a.id, series: a.series, op: a.op, threshold: a.threshold, value: level.value, date: level.date, rearm: rearmLevel(a.op, a.threshold, band) };
        return fire({ ...a, armed: false }, keyOf(a, localDate), { localDate, event });
      }
      let out: StoredAlert = a;
      const next = o.calendar.next[a.bank];
      if (next) {
        const eve = next.decision.startOf('day').minus({ days: 1 });
        const [h, m] = (this.deps.remindAt ?? '09:00').split(':').map(Number) as [number, number];
        if (o.local.toISODate() === eve.toISODate() && o.local >= eve.set({ hour: h, minute: m })) {
          out = fire(out, keyOf(a, `remind:${next.date}`), { localDate, event: { type: 'remind', id: a.id, bank: a.bank, date: next.date } });
        }
      }
      for (const d of o.calendar.decided) {
        if (d.bank !== a.bank || d.outcome === 'pending' || d.decision.toMillis() < Date.parse(a.created)) continue;
        out = fire(out, keyOf(a, `decided:${d.date}`), { localDate, event: { type: 'decided', id: a.id, bank: a.bank, date: d.date } });
      }
      return out;
    });
    return changed ? alerts : null;
  }

  /**
   * Writes evaluated alerts over the stored record, alert by alert: an alert removed or replaced
   * meanwhile (/alert off) stays removed. Returns the record as written.
   */
  private async save(chatId: string, evaluated: StoredAlert[]): Promise<ChatAlerts | null> {
    const fresh = await this.deps.alerts.get(chatId);
    if (!fresh) return null;
    const byId = new Map(evaluated.map((a) => [`${a.id}|${a.created}`, a]));
    const next = { ...fresh, alerts: fresh.alerts.map((a) => byId.get(`${a.id}|${a.created}`) ?? a) };
    await this.deps.alerts.put(next);
    return next;
  }

  /** Enqueues every firing not yet settled; forgets the settled ones. */
  private async deliver(chat: ChatAlerts, zone: string): Promise<void> {
    const settled = new Set<string>();
    for (const a of chat.alerts) {
      for (const f of a.pending ?? []) {
        const record = await this.deps.deliveries.get(f.key);
        if (record && record.state !== 'claimed') {
          settled.add(f.key);
          continue;
        }
        if (this.deps.fanout.has(f.key)) continue;
        await this.deps.fanout.enqueue({ key: f.key, localDate: f.localDate, sub: { chatId: chat.chatId, zone, ...(chat.lang ? { lang: chat.lang } : {}) }, alert: f.event });
        this.stats.enqueued++;
      }
    }
    if (settled.size === 0) return;
    const fresh = await this.deps.alerts.get(chat.chatId);
    if (!fresh) return;
    await this.deps.alerts.put({ ...fresh, alerts: fresh.alerts.map((a) => (a.pending?.some((f) => settled.has(f.key)) ? { ...a, pending: a.pending.filter((f) => !settled.has(f.key)) } : a)) });
  }
}
