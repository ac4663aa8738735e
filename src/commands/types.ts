/** The platform-neutral contract between adapters and commands. */
import type { z } from 'zod';
import type { Dataset } from '../data/dataset.js';
import type { Preset, PresetName } from '../data/schema.js';
import type { Lang } from '../i18n/index.js';
import type { ChartSpec } from './chart.js';
import type { Formatter } from './format.js';

export type Platform = 'console' | 'telegram' | 'discord';
/** Chart themes: dark for Discord, light for Telegram and the console, by default. */
export const themes = ['dark', 'light'] as const;
export type Theme = (typeof themes)[number];

export interface ChatSettings {
  lang?: Lang;
  preset?: PresetName;
  timezone?: string;
  theme?: Theme;
}

export type Days = 'weekdays' | 'daily';

/** A chat's morning-briefing subscription. */
export interface SubscriptionRecord {
  /** tg:<chat id> or dc:<channel id>. */
  chatId: string;
  /** Local time, HH:MM. */
  time: string;
  zone: string;
  days: Days;
  status: 'active' | 'blocked';
  blockedReason?: string;
  since: string;
  /** The subscriber's language: briefings use it while the chat has no language set. */
  lang?: Lang;
}

/** Where subscriptions live (platform chats only; the console has none). */
export interface SubscriptionPort {
  get(chatId: string): Promise<SubscriptionRecord | undefined>;
  put(sub: SubscriptionRecord): Promise<void>;
  remove(chatId: string): Promise<boolean>;
  setZone(chatId: string, zone: string): Promise<void>;
}

/** What a threshold alert watches: the US–Japan 10y spread or one of the two yields. */
export const watchedSeries = ['spread', 'us10y', 'jp10y'] as const;
export type Watched = (typeof watchedSeries)[number];
export const alertBanks = ['fomc', 'boj'] as const;
export type AlertBank = (typeof alertBanks)[number];

/** One alert of a chat: a line on a series, or a central bank's meetings. */
export type AlertRule =
  | { kind: 'level'; series: Watched; op: 'above' | 'below'; threshold: number }
  | { kind: 'decision'; bank: AlertBank };

export type AlertRecord = AlertRule & {
  /** Small per-chat number shown by /alerts and taken by /alert off. */
  id: number;
  /** ISO instant it was set. */
  created: string;
  /** Level alerts: ready to fire (false after firing, until the value comes back past the band). */
  armed?: boolean;
};

/** Where a chat's alerts live (platform chats only). */
export interface AlertPort {
  /** How far back across its line a fired alert's value must come before it can fire again, pp. */
  readonly bandPp: number;
  list(chatId: string): Promise<AlertRecord[]>;
  /** Adds an alert (the store gives it its id); 'full' when the chat already has `max`. */
  add(chatId: string, rule: AlertRule, o: { armed: boolean; now: Date; max: number; lang: Lang }): Promise<AlertRecord | 'full'>;
  /** Removes one alert (by id) or all; returns how many went. */
  remove(chatId: string, which: number | 'all'): Promise<number>;
}

/** Where per-chat settings live (in memory for the console; keyv for the platforms). */
export interface SettingsStore {
  get(chatId: string): Promise<ChatSettings>;
  set(chatId: string, patch: ChatSettings): Promise<ChatSettings>;
}

/**
 * What a chat's last delivered briefing showed: the date of each figure it reported and the
 * decisions it had already reported, so the next one can say what is new (kept by the briefing store).
 */
export interface BriefingMemo {
  /** The local date of that briefing. */
  localDate: string;
  /** Series id → date of the last observation the briefing used. */
  dates: Record<string, string>;
  /** "BANK|decision day" of every meeting whose outcome it reported as known. */
  decided: string[];
}

export interface CommandContext {
  lang: Lang;
  presetName: PresetName;
  preset: Preset;
  dataset: Dataset;
  now: Date;
  timezone: string;
  theme: Theme;
  platform: Platform;
  chatId: string;
  settings: SettingsStore;
  subscriptions?: SubscriptionPort;
  alerts?: AlertPort;
  /** Scheduled briefings: the chat's last briefing (null: none on record); absent for on-demand /brief. */
  lastBriefing?: BriefingMemo | null;
  fmt: Formatter;
}

export type FigureValue = number | string | boolean | null | FigureValue[] | { [key: string]: FigureValue };
export type Figures = Record<string, FigureValue>;

/** What a command returns; the runner adds the footer (preset and data date) and joins the lines. */
export interface Reply {
  lines: string[];
  /** Date of the newest figure used; null for answers that use no data (help, settings). */
  asOf: string | null;
  /** Some figure used is older than its series' normal lag. */
  stale?: boolean;
  chart: ChartSpec | null;
  figures: Figures;
  /** Set when the command changed the chat's language (/settings lang …). */
  lang?: Lang;
}

/** A tap-to-explore button: a label and an untrusted payload (see commands/nudges.ts). */
export interface Button {
  label: string;
  payload: string;
}

/** What an adapter sends: text, a chart spec to render, and the numbers behind them. */
export interface Answer {
  /** One row of nudge buttons and the preset switch, for what-if answers. */
  buttons?: Button[];
  /** The whole answer, footer included. */
  text: string;
  /** The footer line alone (preset, data date, disclaimer), for platforms that show it apart. */
  footer: string | null;
  chart: ChartSpec | null;
  figures: Figures;
}

interface ArgBase<N extends string = string> {
  name: N;
  /** Shown in usage and as the example for this argument. */
  example: string;
}

export type NumberUnit = 'pp' | 'pct' | 'bp' | 'months' | 'years';

export interface NumberArg<N extends string = string> extends ArgBase<N> {
  kind: 'number';
  unit: NumberUnit;
  min: number;
  max: number;
  integer: boolean;
  schema: z.ZodNumber;
  default(ctx: CommandContext): number;
}

export interface ChoiceArg<N extends string = string, V extends string = string> extends ArgBase<N> {
  kind: 'choice';
  values: readonly V[];
  /** Other words for a value (利差 → spread), matched after normalizing the token. */
  aliases?: Readonly<Record<string, V>>;
  schema: z.ZodType<string>;
}

export interface TextArg<N extends string = string> extends ArgBase<N> {
  kind: 'text';
  schema: z.ZodType<string>;
}

export type ArgSpec = NumberArg | ChoiceArg | TextArg;

export type ArgValues = Record<string, number | string | undefined>;

/** A validated argument's value: numbers always (the preset fills a missing one), a choice or text when given. */
type ValueOf<A> = A extends NumberArg ? number : A extends ChoiceArg<string, infer V> ? V | undefined : string | undefined;

/** The values a command's `run` gets, typed from its declared arguments. */
export type ArgsOf<As extends readonly ArgSpec[]> = { [A in As[number] as A['name']]: ValueOf<A> };

export interface CommandDef {
  name: string;
  args: readonly ArgSpec[];
  /** Full argument lines, e.g. ["1.5", "1.25"]. */
  examples: readonly string[];
  /** Draws a chart (so the answer must fit a photo caption). */
  charted: boolean;
  /** Changes chat state: admins only in groups and servers. */
  admin?: boolean;
  /** Buttons that nudge an argument by a step, declared once for every platform. */
  nudges?: ReadonlyArray<{ arg: string; delta: number }>;
  run(args: ArgValues, ctx: CommandContext): Promise<Reply> | Reply;
}
