/** zod schemas for every shipped data file: a bad file fails at start-up with the field named. */
import { z } from 'zod';

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date YYYY-MM-DD');
export const grade = z.enum(['V', 'P', 'C', 'E']);

const sourced = { asOf: isoDate, grade, source: z.string().min(1) };
export const numberFigure = z.object({
  value: z.number().finite(),
  unit: z.string().min(1),
  ...sourced,
  /** A refreshed series this figure follows (value = observation × scale). */
  series: z.string().optional(),
  scale: z.number().positive().optional(),
  /** How the figure reads its series: the last value (default) or the change over 12 months in % (an index). */
  transform: z.enum(['last', 'yoy']).optional(),
  /** Older than this many days, the figure is marked stale in answers. */
  staleAfterDays: z.number().int().positive().optional(),
});
export const dateFigure = z.object({ value: isoDate, unit: z.literal('date'), ...sourced });

export const presetName = z.enum(['observed', 'article']);
/** The presets, in the one order every list of them uses. */
export const presetNames = presetName.options;

export const presetSchema = z.object({
  name: presetName,
  description: z.string(),
  figures: z.object({
    us10y: numberFigure,
    jp10y: numberFigure,
    carryStock: numberFigure,
    anchorSpread: numberFigure,
    anchorUnwound: numberFigure,
    repatriationShare: numberFigure,
    qtEnd: dateFigure,
    qtRunoffPerMonth: numberFigure,
    cutLiquidityPer25bp: numberFigure,
    fedBalanceSheet: numberFigure,
    fedBalanceSheetPeak: numberFigure,
    m2: numberFigure,
    fedFundsLow: numberFigure,
    fedFundsHigh: numberFigure,
    bojRate: numberFigure,
    neutralLow: numberFigure,
    neutralHigh: numberFigure,
    coreInflation: numberFigure,
    jgbOutstanding: numberFigure,
    gdp: numberFigure,
    debtToGdp: numberFigure,
    interestCostClaim: numberFigure,
    interestCostClaimPctGdp: numberFigure,
    japanUstHoldings: numberFigure,
  }),
  params: z.object({
    unwindWidthPp: z.number().positive(),
    debtModel: z.enum(['gradual', 'flat']),
    debtBaselineRatePct: z.number(),
    passThroughSpeed: z.number().positive(),
    betaUs: z.number().min(0).max(2),
    betaJp: z.number().min(0).max(2),
    hikeStepBp: z.number().positive(),
    hikeEveryMonths: z.number().int().positive(),
    defaultCutBp: z.number().min(0),
    scenarioSpreadPp: z.number().min(0),
    scenarioFedBp: z.number(),
    scenarioBojBp: z.number(),
    debtHorizonYears: z.number().int().positive(),
  }),
});

const meeting = z.object({ start: isoDate, end: isoDate, confirmed: z.boolean() });
/** Where each year's dates come from, and when they were published (answers "as of" an earlier day see them unconfirmed). */
const yearSource = z.object({
  years: z.array(z.number().int()).min(1),
  source: z.string().min(1),
  url: z.url().optional(),
  published: isoDate.optional(),
});
const bank = z.object({
  source: z.string(),
  sources: z.array(yearSource).optional(),
  decisionTime: z.string().regex(/^\d{2}:\d{2}$/),
  zone: z.string(),
  approximateTime: z.boolean(),
  /** The series whose steps show each decision (the Fed: upper and lower limit of the target range). */
  policyRate: z.string().optional(),
  policyRateLow: z.string().optional(),
  meetings: z.array(meeting).min(1),
});

export const calendarSchema = z.object({
  fomc: bank,
  boj: bank.extend({
    projection: z.object({
      note: z.string(),
      endDays: z.array(z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) })).min(1),
    }),
  }),
});

const figureKey = z.enum(Object.keys(presetSchema.shape.figures.shape) as [string, ...string[]]);
const valueRef = z.union([
  z.object({ preset: presetName, figure: figureKey }).strict(),
  z.object({ preset: presetName.optional(), derived: z.enum(['spread', 'spreadMinSince2015', 'interestCostYear1']) }).strict(),
  numberFigure.strict(),
]);

export const factcheckSchema = z.object({
  claims: z.array(
    z.object({
      id: z.string().regex(/^[a-zA-Z0-9]+$/),
      verdict: z.enum(['holds', 'close', 'contradicted', 'unsupported', 'overstated', 'unmeasured']),
      /** How the commentary words its figure ("超 8 万亿", "约 950 亿"), so answers quote it as written. */
      qualifier: z.enum(['over', 'about', 'atLeast']).optional(),
      claim: valueRef,
      data: valueRef,
    }),
  ),
});

/** Where a refresh fetches a series from, in order: the first is the primary, later ones fallbacks. */
export const fetchSpec = z.discriminatedUnion('from', [
  /** FRED: the public graph CSV without a key, the API with FRED_API_KEY. */
  z.object({ from: z.literal('fred'), id: z.string().regex(/^[A-Z0-9_]+$/) }).strict(),
  /** US Treasury daily par yield curve (yearly CSV), one column, e.g. "10 Yr". */
  z.object({ from: z.literal('treasury'), column: z.string(), lagDays: z.number().int().min(0).default(1) }).strict(),
  /** Japan MOF JGB files (history + current month), one column, e.g. "10Y". */
  z.object({ from: z.literal('mof'), column: z.string() }).strict(),
  /** Bank of Japan time-series API (getDataCode). */
  z.object({ from: z.literal('boj'), db: z.string(), code: z.string(), sinceMonths: z.number().int().positive().default(3) }).strict(),
  /** BIS SDMX API, e.g. flow WS_CBPOL, key D.JP. */
  z.object({ from: z.literal('bis'), flow: z.string(), key: z.string(), sinceDays: z.number().int().positive().default(400) }).strict(),
  /** A policy rate read from a market rate's step after a scheduled meeting (calendar.json). */
  z.object({ from: z.literal('callStep'), series: z.string(), bank: z.literal('boj'), stepPp: z.number().positive(), thresholdPp: z.number().positive() }).strict(),
]);

export const sourcesSchema = z.record(
  z.string(),
  z.object({
    title: z.string(),
    unit: z.string(),
    format: z.enum(['fred', 'mof']),
    file: z.string().optional(),
    column: z.string().optional(),
    frequency: z.string(),
    /** Who publishes the shipped file (and the primary source's name). */
    source: z.string(),
    grade,
    /** One rule for every date shown: older than this many days, the series is stale (see stale.ts). */
    staleAfterDays: z.number().int().positive(),
    /** Sources in order (primary first); empty or absent: shipped data only. */
    fetch: z.array(fetchSpec).default([]),
    /** Values that hold until they change (policy rates): stored as changes plus the latest observation. */
    steps: z.boolean().default(false),
    /** Another series that fills the days this one lacks (press-reported JGB points after the MOF file). */
    fill: z.string().optional(),
    /** The source's own files (MOF: the history file and the current month's). */
    urls: z.object({ history: z.url(), current: z.url() }).optional(),
  }),
);

/** Per publisher: its name, when it releases, and how politely to ask (data/publishers.json). */
export const publishersSchema = z.record(
  z.enum(['fred', 'fredApi', 'treasury', 'mof', 'boj', 'bis', 'callStep']),
  z.object({
    name: z.string(),
    /** How an observation from this publisher is credited: {id}, {column}, … are the fetch's fields. */
    label: z.string(),
    /** Usual release times (UTC, HH:MM): a scheduled refresh follows each one. */
    releasesUtc: z.array(z.string().regex(/^\d{2}:\d{2}$/)),
    /** A scheduled refresh asks this publisher at most this often (a manual one always asks). */
    minIntervalMinutes: z.number().int().min(0),
    /** At most this many HTTP requests to this publisher in one refresh. */
    maxRequestsPerRun: z.number().int().positive(),
    /** Pause between two requests to this publisher. */
    pauseMs: z.number().int().min(0),
  }),
);

export type Preset = z.infer<typeof presetSchema>;
export type PresetName = z.infer<typeof presetName>;
export type NumberFigure = z.infer<typeof numberFigure>;
export type Calendar = z.infer<typeof calendarSchema>;
export type Factcheck = z.infer<typeof factcheckSchema>;
export type ValueRef = Factcheck['claims'][number]['claim'];
export type SeriesInfo = z.infer<typeof sourcesSchema>[string];
export type FetchSpec = z.infer<typeof fetchSpec>;
export type Publishers = z.infer<typeof publishersSchema>;
export type PublisherId = keyof Publishers;
