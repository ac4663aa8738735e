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

export const sourcesSchema = z.record(
  z.string(),
  z.object({
    title: z.string(),
    unit: z.string(),
    format: z.enum(['fred', 'mof']),
    file: z.string().optional(),
    column: z.string().optional(),
    frequency: z.string(),
    source: z.string(),
    grade,
    staleAfterDays: z.number().int().positive(),
    /** Where a refresh gets it: the FRED API, the MOF CSV files, or nowhere (shipped only). */
    refresh: z.enum(['fred', 'mof', 'none']),
    /** The source's own files (MOF: the history file and the current month's). */
    urls: z.object({ history: z.url(), current: z.url() }).optional(),
  }),
);

export type Preset = z.infer<typeof presetSchema>;
export type PresetName = z.infer<typeof presetName>;
export type NumberFigure = z.infer<typeof numberFigure>;
export type Calendar = z.infer<typeof calendarSchema>;
export type Factcheck = z.infer<typeof factcheckSchema>;
export type ValueRef = Factcheck['claims'][number]['claim'];
export type SeriesInfo = z.infer<typeof sourcesSchema>[string];
