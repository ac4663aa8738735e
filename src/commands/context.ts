/** Builds a command context from what the platform knows and what the chat has set. */
import { DateTime } from 'luxon';
import type { Dataset } from '../data/dataset.js';
import type { PresetName } from '../data/schema.js';
import { langFromLocale, type Lang } from '../i18n/index.js';
import { formatter } from './format.js';
import type { AlertPort, BriefingMemo, ChatSettings, CommandContext, Platform, SettingsStore, SubscriptionPort, Theme } from './types.js';

export interface ContextInput {
  dataset: Dataset;
  settings: SettingsStore;
  subscriptions?: SubscriptionPort;
  alerts?: AlertPort;
  chatId: string;
  platform: Platform;
  /** The platform's idea of the user's language (Discord interaction.locale, Telegram language_code). */
  platformLocale?: string | null;
  now?: Date;
  /** Explicit choices (CLI flags) that beat stored settings. */
  override?: ChatSettings;
  /** What the chat's last scheduled briefing showed (briefings only). */
  lastBriefing?: BriefingMemo | null;
}

/**
 * The data an answer may use at `now`: observations dated on or before today in the chat's zone
 * (a no-op for live answers; `ask --at` passes an earlier now). One code path for both.
 */
export function datasetAt(dataset: Dataset, now: Date, zone: string): Dataset {
  return dataset.asOf(DateTime.fromJSDate(now).setZone(zone).toISODate()!);
}

export const DEFAULT_PRESET: PresetName = 'observed';

/** Chinese chats get Asia/Shanghai and everyone else UTC, until the chat sets a zone. */
export function defaultZone(lang: Lang): string {
  return lang === 'zh' ? 'Asia/Shanghai' : 'UTC';
}

export function defaultTheme(platform: Platform): Theme {
  return platform === 'discord' ? 'dark' : 'light';
}

/** The settings in force: explicit choices, else the chat's stored ones, else the defaults they imply. */
export function inForce(stored: ChatSettings, o: { override?: ChatSettings; platform: Platform; platformLocale?: string | null | undefined }): Required<ChatSettings> {
  const x = o.override ?? {};
  const lang = x.lang ?? stored.lang ?? langFromLocale(o.platformLocale) ?? 'en';
  return {
    lang,
    preset: x.preset ?? stored.preset ?? DEFAULT_PRESET,
    timezone: x.timezone ?? stored.timezone ?? defaultZone(lang),
    theme: x.theme ?? stored.theme ?? defaultTheme(o.platform),
  };
}

export async function makeContext(input: ContextInput): Promise<CommandContext> {
  const { lang, preset: presetName, timezone, theme } = inForce(await input.settings.get(input.chatId), input);
  const now = input.now ?? new Date();
  const dataset = datasetAt(input.dataset, now, timezone);
  return {
    lang,
    presetName,
    preset: dataset.presets[presetName],
    dataset,
    now,
    timezone,
    theme,
    platform: input.platform,
    chatId: input.chatId,
    settings: input.settings,
    ...(input.subscriptions ? { subscriptions: input.subscriptions } : {}),
    ...(input.alerts ? { alerts: input.alerts } : {}),
    ...(input.lastBriefing !== undefined ? { lastBriefing: input.lastBriefing } : {}),
    fmt: formatter(lang),
  };
}

/** Per-process settings for the console and one-shot CLI: real, but gone when the process exits. */
export class MemorySettings implements SettingsStore {
  private readonly map = new Map<string, ChatSettings>();
  async get(chatId: string): Promise<ChatSettings> {
    return { ...this.map.get(chatId) };
  }
  async set(chatId: string, patch: ChatSettings): Promise<ChatSettings> {
    const next = { ...this.map.get(chatId), ...patch };
    this.map.set(chatId, next);
    return { ...next };
  }
}
