/** `carrybot data refresh|status`: live data by hand. */
import { formatter, type Formatter } from '../commands/format.js';
import type { Config } from '../config.js';
import { confirmedAhead } from '../data/calendar.js';
import type { Dataset } from '../data/dataset.js';
import { Refresher, refreshConfig, type PublisherResult, type RefreshReport, type SeriesResult } from '../data/refresh.js';
import { staleness } from '../data/stale.js';
import type { NumberFigure } from '../data/schema.js';
import type { Lang } from '../i18n/index.js';
import { createLogger } from '../log.js';
import type { Io } from '../main.js';
import { secretsOf } from './process.js';
import { UsageError } from './usage.js';

/** One line per series: last observation, the source that served it (primary, fallback or shipped), age, stale. */
export function statusLines(dataset: Dataset, fmt: Formatter, now: Date): string[] {
  const t = fmt.t;
  return Object.entries(dataset.seriesInfo).map(([id, info]) => {
    const last = dataset.latest(id);
    if (!last) return fmt.tidy(t('data.none', { id, source: info.source }));
    const s = staleness(info, last.date, now);
    const role = last.origin === 'shipped' ? 'shipped' : last.fallback ? 'fallback' : 'primary';
    return fmt.tidy(
      t('data.statusLine', {
        id,
        date: last.date,
        value: fmt.num(last.value),
        source: last.source,
        role: t(`data.role.${role}`),
        age: t('data.age', { count: Math.max(0, s.ageDays) }),
        freshness: t(s.stale ? 'data.freshness.stale' : 'data.freshness.fresh', { days: info.staleAfterDays }),
      }),
    );
  });
}

/** One line per source: what it served, or why it failed and what was kept. */
export function refreshLines(report: RefreshReport, fmt: Formatter): string[] {
  const t = fmt.t;
  const byId = new Map(report.series.map((r) => [r.id, r] as const));
  const item = (r: SeriesResult | undefined, p: PublisherResult): string => {
    if (!r) return '';
    const date = r.last ?? '—';
    if (!r.ok) return t('data.item.kept', { id: r.id, date });
    // On its primary source's line, a series a fallback served says so.
    if (r.primary === p.publisher && r.fallback && r.error) return t('data.item.fallback', { id: r.id, date, source: r.source ?? '' });
    return r.added > 0 ? t('data.item.added', { id: r.id, count: r.added, date }) : t('data.item.same', { id: r.id, date });
  };
  return report.publishers.map((p) => {
    const items = p.series.map((id) => item(byId.get(id), p)).filter(Boolean).join(', ');
    return fmt.tidy(p.ok ? t('data.source.ok', { name: p.name, items }) : t('data.source.failed', { name: p.name, error: p.error ?? '', items }));
  });
}

/**
 * The console's and CLI's one line on how to refresh, when the observed preset's market figures are
 * stale (null when they are fresh).
 */
export function staleHint(dataset: Dataset, lang: Lang, now: Date = new Date()): string | null {
  const figures = Object.values(dataset.presets.observed.figures).filter((f): f is NumberFigure => 'series' in f && Boolean(f.series));
  const stale = figures.filter((f) => staleness(f, f.asOf, now).stale);
  if (stale.length === 0) return null;
  const newest = figures.map((f) => f.asOf).reduce((a, b) => (b > a ? b : a));
  const fmt = formatter(lang);
  return fmt.t('data.staleHint', { date: fmt.date(newest) });
}

/** `carrybot data refresh|status`. */
export async function dataCommand(action: string | undefined, config: Config, dataset: Dataset, lang: Lang, io: Io, now: Date = new Date()): Promise<number> {
  const fmt = formatter(lang);
  if (action === 'status') {
    for (const line of statusLines(dataset, fmt, now)) io.stdout.write(`${line}\n`);
    const today = now.toISOString().slice(0, 10);
    for (const bank of ['fomc', 'boj'] as const) {
      const ahead = confirmedAhead(dataset.calendar, bank, today);
      if (ahead.days < 90) io.stdout.write(`${fmt.tidy(fmt.t('moves:data.calendarShort', { bank: fmt.t(`commands:events.bank.${bank}`), date: ahead.last ?? '—', days: ahead.days }))}\n`);
    }
    return 0;
  }
  if (action === 'refresh') {
    const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'error' : config.LOG_LEVEL, secrets: secretsOf(config) });
    const report = await new Refresher(dataset, refreshConfig(config, dataset), logger).refresh({ now });
    for (const line of refreshLines(report, fmt)) io.stdout.write(`${line}\n`);
    return report.publishers.every((p) => p.ok) && report.series.every((r) => r.ok) ? 0 : 1;
  }
  throw new UsageError('data takes refresh or status');
}
