/** `carrybot data refresh|status`: live data by hand. */
import { formatter } from '../commands/format.js';
import type { Config } from '../config.js';
import { confirmedAhead } from '../data/calendar.js';
import type { Dataset } from '../data/dataset.js';
import { Refresher, refreshConfig } from '../data/refresh.js';
import type { Lang } from '../i18n/index.js';
import { createLogger } from '../log.js';
import { daysBetween } from '../model/dates.js';
import type { Io } from '../main.js';
import { secretsOf } from './process.js';
import { UsageError } from './usage.js';

/** `carrybot data refresh|status`. */
export async function dataCommand(action: string | undefined, config: Config, dataset: Dataset, lang: Lang, io: Io): Promise<number> {
  const fmt = formatter(lang);
  const t = fmt.t;
  if (action === 'status') {
    const today = new Date().toISOString().slice(0, 10);
    for (const [id, info] of Object.entries(dataset.seriesInfo)) {
      const last = dataset.series(id).at(-1);
      if (!last) {
        io.stdout.write(`${id}: ${t('data.none')}; ${info.source}\n`);
        continue;
      }
      const refreshed = dataset.refreshed(id)?.date === last.date;
      io.stdout.write(
        `${fmt.tidy(
          t('data.statusLine', {
            id,
            date: last.date,
            value: fmt.num(last.value),
            origin: t(refreshed ? 'data.origin.refreshed' : 'data.origin.shipped'),
            freshness: t(daysBetween(last.date, today) > info.staleAfterDays ? 'data.freshness.stale' : 'data.freshness.fresh'),
            source: info.source,
          }),
        )}\n`,
      );
    }
    for (const bank of ['fomc', 'boj'] as const) {
      const ahead = confirmedAhead(dataset.calendar, bank, today);
      if (ahead.days < 90) io.stdout.write(`${fmt.tidy(t('moves:data.calendarShort', { bank: t(`commands:events.bank.${bank}`), date: ahead.last ?? '—', days: ahead.days }))}\n`);
    }
    return 0;
  }
  if (action === 'refresh') {
    const logger = createLogger({ level: config.LOG_LEVEL === 'info' ? 'warn' : config.LOG_LEVEL, secrets: secretsOf(config) });
    if (!config.FRED_API_KEY) io.stdout.write(`${t('data.noFredKey')}\n`);
    const results = await new Refresher(dataset, refreshConfig(config, dataset), logger).refresh();
    for (const r of results) {
      io.stdout.write(
        `${fmt.tidy(r.ok ? t('data.refreshed', { id: r.id, added: r.added, date: r.last ?? '—' }) : t('data.failed', { id: r.id, error: r.error ?? '', date: r.last ?? '—' }))}\n`,
      );
    }
    return results.every((r) => r.ok) ? 0 : 1;
  }
  throw new UsageError('data takes refresh or status');
}
