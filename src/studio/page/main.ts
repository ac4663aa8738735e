/**
 * The what-if studio: four sliders and a preset switch in, the bot's own answers out, as you drag.
 *
 * Nothing here computes a figure: each card runs a command line through the command layer
 * (`execute`, the same code `carrybot ask` runs) on the dataset embedded at build time, and the
 * chart is the bot's chart code drawing the command's chart spec on a <canvas>. So the page shows
 * what the bot would answer to the command line printed under each slider.
 */
import { drawChart } from '../../charts/draw.js';
import { makeContext, MemorySettings } from '../../commands/context.js';
import { monthsSinceQtEnd } from '../../commands/defs/shared.js';
import type { Formatter } from '../../commands/format.js';
import { registry } from '../../commands/registry.js';
import { execute, resolveArgs, splitLine, type Outcome } from '../../commands/run.js';
import type { CommandContext, FigureValue, Figures, Theme } from '../../commands/types.js';
import { loadDataset, type Dataset } from '../../data/dataset.js';
import type { PresetName } from '../../data/schema.js';
import { langFromLocale, type Lang } from '../../i18n/index.js';
import { CARDS, parseStudioQuery, type Card } from '../url.js';
import { writeFileSync } from 'node:fs';
import { isDark, launch, onThemeChanged, postEvent, type ThemeParams } from './telegram.js';

type SliderId = 'spread' | 'cut' | 'boj' | 'step';
interface SliderSpec {
  min: number;
  max: number;
  step: number;
  /** The card that shows what this slider moves (its chart comes up when the slider is used). */
  card: Card;
  show(fmt: Formatter, v: number): string;
}

/** Ranges inside the commands' own argument ranges (carry 0–6pp, liquidity 0–300bp, neutral/debt −1–10%, path 5–100bp). */
const SLIDERS: Record<SliderId, SliderSpec> = {
  spread: { min: 0, max: 6, step: 0.05, card: 'carry', show: (f, v) => f.pp(v) },
  cut: { min: 0, max: 300, step: 25, card: 'liquidity', show: (f, v) => f.bp(v) },
  boj: { min: -0.5, max: 5, step: 0.05, card: 'neutral', show: (f, v) => f.pct(v) },
  step: { min: 5, max: 100, step: 5, card: 'path', show: (f, v) => f.bp(v) },
};
const SLIDER_IDS = Object.keys(SLIDERS) as SliderId[];

interface State {
  lang: Lang;
  preset: PresetName;
  theme: Theme;
  values: Record<SliderId, number>;
  active: Card;
}

/** A number as a user would type it: 1.5, 0.75, -0.25 (no float noise). */
const num = (x: number): string => String(Number(x.toFixed(4)));
const snap = (s: SliderSpec, v: number): number => Math.min(s.max, Math.max(s.min, Number((Math.round((v - s.min) / s.step) * s.step + s.min).toFixed(4))));

/** Each card's command line for the sliders' values: what the page shows and what it runs. */
function lines(values: State['values'], ctx: CommandContext): Record<Card, string> {
  const { spread, cut, boj, step } = values;
  return {
    carry: `/carry ${num(spread)}`,
    liquidity: `/liquidity ${num(cut)} ${monthsSinceQtEnd(ctx.preset)} ${num(spread)}`,
    neutral: `/neutral ${num(boj)}`,
    debt: `/debt ${num(boj)}`,
    path: `/path ${num(step)}`,
  };
}

/** Which card each slider drives, for "Same as" lines under the sliders. */
const SLIDER_LINES: Record<SliderId, Card[]> = { spread: ['carry', 'liquidity'], cut: ['liquidity'], boj: ['neutral', 'debt'], step: ['path'] };

function defaults(ctx: CommandContext): State['values'] {
  const p = ctx.preset;
  return {
    spread: snap(SLIDERS.spread, p.params.scenarioSpreadPp),
    cut: snap(SLIDERS.cut, p.params.defaultCutBp),
    boj: snap(SLIDERS.boj, p.figures.bojRate.value),
    step: snap(SLIDERS.step, p.params.hikeStepBp),
  };
}

/**
 * A command line from a link (`?cmd=/scenario -50 50`) → slider positions, parsed and validated
 * like typed input (a bad line is ignored). /scenario sets the spread it leads to, the cut and the BOJ rate.
 */
function fromCommand(line: string, ctx: CommandContext, base: State['values']): { values: State['values']; active: Card } | null {
  const inv = splitLine(line);
  const def = inv && registry.get(inv.name);
  if (!inv || !def) return null;
  let a: Record<string, number | string | undefined>;
  try {
    a = resolveArgs(def, inv.tokens, ctx);
  } catch {
    return null;
  }
  const n = (k: string) => a[k] as number;
  const v = { ...base };
  const set = (id: SliderId, x: number) => (v[id] = snap(SLIDERS[id], x));
  switch (def.name) {
    case 'carry': set('spread', n('spread')); return { values: v, active: 'carry' };
    case 'liquidity': set('cut', n('cut_bp')); set('spread', n('spread')); return { values: v, active: 'liquidity' };
    case 'neutral': set('boj', n('rate')); return { values: v, active: 'neutral' };
    case 'debt': set('boj', n('rate')); return { values: v, active: 'debt' };
    case 'path': set('step', n('step_bp')); return { values: v, active: 'path' };
    case 'scenario': {
      const p = ctx.preset.params;
      const s0 = ctx.dataset.currentSpread(ctx.preset);
      set('spread', Math.max(0, s0 + p.betaUs * (n('fed_bp') / 100) - p.betaJp * (n('boj_bp') / 100)));
      set('cut', Math.max(0, -n('fed_bp')));
      set('boj', ctx.preset.figures.bojRate.value + n('boj_bp') / 100);
      return { values: v, active: 'carry' };
    }
    default: return null;
  }
}

// ---------- DOM helpers ----------

type Attrs = Record<string, string | number | boolean | undefined>;
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Array<Node | string | null>): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (k === 'text') el.textContent = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children) if (c !== null) el.append(c);
  return el;
}

// ---------- The page ----------

interface Figure {
  key: string;
  /** The figure as the page prints it. */
  show(fmt: Formatter, f: Figures): string;
  label(fmt: Formatter, f: Figures): string;
}

const str = (v: FigureValue | undefined): string => (v === null || v === undefined ? '' : String(v));
const FIGURES: Record<Card, Figure[]> = {
  carry: [
    { key: 'unwoundUsd', show: (m, f) => m.usd(f.unwoundUsd as number), label: (m) => m.t('studio:figure.unwound') },
    { key: 'repatriatedUsd', show: (m, f) => m.usd(f.repatriatedUsd as number), label: (m) => m.t('studio:figure.repatriated') },
  ],
  liquidity: [
    { key: 'reservoirRatio', show: (m, f) => (f.reservoirRatio === null ? '—' : m.share(f.reservoirRatio as number)), label: (m, f) => m.t(f.reservoirRatio === null ? 'studio:figure.ratioNone' : 'studio:figure.ratio') },
    { key: 'fedLiquidityUsd', show: (m, f) => m.usd(f.fedLiquidityUsd as number), label: (m) => m.t('studio:figure.fed') },
  ],
  neutral: [
    { key: 'stance', show: (m, f) => m.t(`stance.${str(f.stance) as 'neutral'}`), label: (m) => m.t('studio:figure.stance') },
    { key: 'hikesToFloor', show: (m, f) => m.num(f.hikesToFloor as number), label: (m) => m.t('studio:figure.hikes') },
  ],
  debt: [
    { key: 'finalCostJpy', show: (m, f) => m.jpy(f.finalCostJpy as number), label: (m, f) => m.t('studio:figure.finalCost', { years: f.years as number }) },
    { key: 'finalPctOfGdp', show: (m, f) => m.pct(f.finalPctOfGdp as number, 2), label: (m) => m.t('studio:figure.pctGdp') },
  ],
  path: [
    { key: 'moves', show: (m, f) => m.num(f.moves as number), label: (m) => m.t('studio:figure.moves') },
    { key: 'floorDate', show: (m, f) => (f.floorDate ? m.date(str(f.floorDate)) : '—'), label: (m, f) => m.t(f.floorDate ? 'studio:figure.floorDate' : 'studio:figure.notReached') },
  ],
};

interface Instrumentation {
  ready: boolean;
  firstRenderMs: number | null;
  /** Milestones since navigation start, ms: script running, dataset loaded, fonts ready, first answer drawn. */
  phases: Record<string, number>;
  lastUpdateMs: number | null;
  /** Every update's duration (input event → every card's figures and the answer updated), ms. */
  samples: number[];
  updates: number;
  /** Chart redraws (one per animation frame at most, however fast the slider moves) and their durations, ms. */
  charts: number;
  chartSamples: number[];
  errors: string[];
}
declare global {
  interface Window {
    __studio?: Instrumentation;
  }
}
const meter: Instrumentation = (window.__studio = { ready: false, firstRenderMs: null, lastUpdateMs: null, phases: {}, samples: [], updates: 0, charts: 0, chartSamples: [], errors: [] });

class Studio {
  private ctx!: CommandContext;
  private readonly outcomes = new Map<string, Outcome>();
  private current: Partial<Record<Card, Outcome>> = {};
  private root: HTMLElement;
  private canvas!: HTMLCanvasElement;
  private answer!: HTMLElement;
  private live!: HTMLElement;
  private announce: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;

  constructor(
    private readonly dataset: Dataset,
    private state: State,
    private readonly initData: string | null,
  ) {
    this.root = document.getElementById('app')!;
  }

  get fmt(): Formatter {
    return this.ctx.fmt;
  }

  async start(): Promise<void> {
    await this.context();
    this.build();
    await this.update();
    // The first answer is drawn at once, chart included (later ones redraw on the next frame).
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.drawChart();
    meter.charts++;
  }

  /** The same context `carrybot ask` builds: in-memory settings, the chosen language and preset. */
  private async context(): Promise<void> {
    this.ctx = await makeContext({
      dataset: this.dataset,
      settings: new MemorySettings(),
      chatId: 'studio',
      platform: 'console',
      override: { lang: this.state.lang, preset: this.state.preset, theme: this.state.theme },
    });
  }

  /** Builds the whole page in the current language (a language switch rebuilds it). */
  private build(): void {
    const t = this.fmt.t;
    document.documentElement.lang = this.state.lang === 'zh' ? 'zh-CN' : 'en';
    document.title = `${t('studio:title')} · CarryBot`;
    const choice = (name: string, legend: string, options: Array<[string, string]>, value: string, onChange: (v: string) => void) =>
      h('fieldset', { class: 'switch' }, h('legend', { text: legend }), ...options.map(([v, label]) => {
        const input = h('input', { type: 'radio', name, value: v, id: `${name}-${v}`, checked: v === value });
        input.addEventListener('change', () => input.checked && onChange(v));
        return h('label', { for: `${name}-${v}` }, input, h('span', { text: label }));
      }));

    const header = h('header', {},
      h('h1', { text: t('studio:title') }),
      h('p', { class: 'intro', text: t('studio:intro') }),
      h('div', { class: 'switches' },
        choice('preset', t('studio:presetLabel'), [['observed', t('preset.observed')], ['article', t('preset.article')]], this.state.preset, (v) => void this.setPreset(v as PresetName)),
        choice('lang', t('studio:langLabel'), [['en', 'English'], ['zh', '中文']], this.state.lang, (v) => void this.setLang(v as Lang)),
      ),
    );

    const sliders = h('section', { class: 'sliders', 'aria-labelledby': 'sliders-h' }, h('h2', { id: 'sliders-h', class: 'visually-hidden', text: t('studio:controls') }));
    for (const id of SLIDER_IDS) {
      const s = SLIDERS[id];
      const input = h('input', { type: 'range', id: `slider-${id}`, name: id, min: s.min, max: s.max, step: s.step, value: this.state.values[id], 'aria-describedby': `line-${id}` });
      input.addEventListener('input', () => void this.move(id, Number(input.value)));
      sliders.append(
        h('div', { class: 'slider', 'data-slider': id },
          h('div', { class: 'slider-head' },
            h('label', { for: `slider-${id}`, text: t(`studio:slider.${id}`) }),
            h('output', { for: `slider-${id}`, id: `value-${id}` }),
          ),
          input,
          h('p', { class: 'line', id: `line-${id}` }, h('span', { class: 'line-label', text: `${t('studio:command')} ` }), h('code', {})),
        ),
      );
    }

    const cards = h('section', { class: 'cards', 'aria-labelledby': 'cards-h' }, h('h2', { id: 'cards-h', text: t('studio:results') }));
    for (const card of CARDS) {
      const radio = h('input', { type: 'radio', name: 'chart', value: card, id: `show-${card}`, checked: card === this.state.active, 'aria-label': t('studio:showChart', { card: t(`studio:card.${card}`) }) });
      radio.addEventListener('change', () => radio.checked && void this.show(card));
      cards.append(
        h('article', { class: 'card', 'data-command': card },
          h('label', { class: 'card-head', for: `show-${card}` }, radio, h('h3', { text: t(`studio:card.${card}`) })),
          h('dl', {}, ...FIGURES[card].map((f) => h('div', { class: 'fig' }, h('dt', { 'data-label': f.key }), h('dd', { 'data-figure': f.key })))),
          h('p', { class: 'error', hidden: true }),
          h('code', { class: 'card-line' }),
        ),
      );
    }

    this.canvas = h('canvas', { id: 'chart', width: 1280, height: 720, role: 'img' });
    this.answer = h('p', { id: 'answer', class: 'answer' });
    const chart = h('section', { class: 'chart', 'aria-labelledby': 'chart-h' },
      h('h2', { id: 'chart-h', text: t('studio:chartLabel') }),
      this.canvas,
      h('h3', { class: 'answer-h', text: t('studio:answer') }),
      h('div', { class: 'answer-line' }, h('code', { id: 'active-line' }), this.copyButton()),
      this.answer,
      this.initData ? this.shareButton() : null,
    );
    this.live = h('p', { class: 'visually-hidden', 'aria-live': 'polite', id: 'live' });
    const footer = h('footer', { text: t('studio:footer') });

    this.root.replaceChildren(header, sliders, cards, chart, this.live, footer);
    this.root.removeAttribute('aria-busy');
  }

  private copyButton(): HTMLElement {
    const t = this.fmt.t;
    const b = h('button', { type: 'button', class: 'small', text: t('studio:copy') });
    b.addEventListener('click', () => {
      const line = this.lines()[this.state.active];
      navigator.clipboard?.writeText(line).then(() => {
        b.textContent = t('studio:copied');
        setTimeout(() => (b.textContent = t('studio:copy')), 1500);
      }, () => undefined);
    });
    return b;
  }

  /** Inside Telegram: send the active command's answer (text and chart) to the user's chat with the bot. */
  private shareButton(): HTMLElement {
    const t = this.fmt.t;
    const status = h('span', { class: 'share-status', role: 'status' });
    const b = h('button', { type: 'button', id: 'share', text: t('studio:share') });
    b.addEventListener('click', async () => {
      b.disabled = true;
      status.textContent = t('studio:sharing');
      try {
        const res = await fetch('studio/api/share', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ initData: this.initData, line: this.lines()[this.state.active], lang: this.state.lang, preset: this.state.preset }),
        });
        status.textContent = t(res.ok ? 'studio:shared' : 'studio:shareFailed');
      } catch {
        status.textContent = t('studio:shareFailed');
      } finally {
        b.disabled = false;
      }
    });
    return h('div', { class: 'share' }, b, status);
  }

  private lines(): Record<Card, string> {
    return lines(this.state.values, this.ctx);
  }

  private async run(line: string): Promise<Outcome> {
    const key = `${this.state.lang}|${this.state.preset}|${line}`;
    let o = this.outcomes.get(key);
    if (!o) {
      o = await execute(line, this.ctx, { onUnexpected: (err) => meter.errors.push(String((err as Error)?.stack ?? err)) });
      if (this.outcomes.size > 500) this.outcomes.clear();
      this.outcomes.set(key, o);
    }
    return o;
  }

  private async move(id: SliderId, value: number): Promise<void> {
    this.state.values[id] = value;
    if (this.state.active !== SLIDERS[id].card && !(id === 'boj' && this.state.active === 'debt')) {
      this.state.active = SLIDERS[id].card;
      (document.getElementById(`show-${this.state.active}`) as HTMLInputElement).checked = true;
    }
    await this.timed();
  }

  private async show(card: Card): Promise<void> {
    this.state.active = card;
    await this.timed();
  }

  private async setPreset(p: PresetName): Promise<void> {
    this.state.preset = p;
    await this.context();
    await this.timed();
  }

  private async setLang(lang: Lang): Promise<void> {
    this.state.lang = lang;
    await this.context();
    this.build();
    await this.timed();
    (document.getElementById(`lang-${lang}`) as HTMLInputElement | null)?.focus();
  }

  setTheme(theme: Theme): void {
    if (theme === this.state.theme) return;
    this.state.theme = theme;
    document.documentElement.dataset.theme = theme;
    this.drawChart();
  }

  private async timed(): Promise<void> {
    const t0 = performance.now();
    await this.update();
    meter.lastUpdateMs = performance.now() - t0;
    if (meter.samples.length < 10_000) meter.samples.push(meter.lastUpdateMs);
    meter.updates++;
  }

  /** Runs every card's command line (cached per line) and updates the page, chart included. */
  private async update(): Promise<void> {
    const gen = ++this.generation;
    const fmt = this.fmt;
    const ls = this.lines();
    const outcomes = await Promise.all(CARDS.map((c) => this.run(ls[c])));
    if (gen !== this.generation) return;
    this.current = Object.fromEntries(CARDS.map((c, i) => [c, outcomes[i]!]));

    for (const id of SLIDER_IDS) {
      const v = this.state.values[id];
      const shown = SLIDERS[id].show(fmt, v);
      const input = document.getElementById(`slider-${id}`) as HTMLInputElement;
      if (Number(input.value) !== v) input.value = String(v);
      input.setAttribute('aria-valuetext', shown);
      document.getElementById(`value-${id}`)!.textContent = shown;
      document.querySelector(`#line-${id} code`)!.textContent = SLIDER_LINES[id].map((c) => ls[c]).join('  ·  ');
    }

    for (const card of CARDS) {
      const o = this.current[card]!;
      const el = this.root.querySelector<HTMLElement>(`article[data-command="${card}"]`)!;
      el.dataset.line = ls[card];
      el.classList.toggle('active', card === this.state.active);
      el.querySelector('.card-line')!.textContent = ls[card];
      const err = el.querySelector<HTMLElement>('.error')!;
      if (!o.ok) {
        el.dataset.figures = 'null';
        err.hidden = false;
        err.textContent = o.error.message;
        continue;
      }
      err.hidden = true;
      const figures = o.answer.figures;
      el.dataset.figures = JSON.stringify(figures);
      for (const f of FIGURES[card]) {
        const dd = el.querySelector<HTMLElement>(`dd[data-figure="${f.key}"]`)!;
        dd.textContent = f.show(fmt, figures);
        dd.dataset.value = JSON.stringify(figures[f.key] ?? null);
        el.querySelector<HTMLElement>(`dt[data-label="${f.key}"]`)!.textContent = f.label(fmt, figures);
      }
    }

    const active = this.current[this.state.active]!;
    document.getElementById('active-line')!.textContent = ls[this.state.active];
    this.answer.textContent = active.ok ? active.answer.text : active.error.message;
    this.scheduleChart();
    clearTimeout(this.announce);
    this.announce = setTimeout(() => {
      const first = active.ok ? active.answer.text.split('\n')[0] ?? '' : active.error.message;
      this.live.textContent = first;
    }, 600);
  }

  private frame: number | null = null;

  /** Redraws the chart on the next frame: a fast drag redraws once per frame, with the latest figures. */
  private scheduleChart(): void {
    if (this.frame !== null) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = null;
      const t0 = performance.now();
      this.drawChart();
      if (meter.chartSamples.length < 10_000) meter.chartSamples.push(performance.now() - t0);
      meter.charts++;
    });
  }

  /** The active card's chart spec, drawn by the bot's chart code in the page's theme. */
  private drawChart(): void {
    const o = this.current[this.state.active];
    const spec = o?.ok ? o.answer.chart : null;
    const c = this.canvas.getContext('2d')!;
    if (!spec) {
      c.clearRect(0, 0, this.canvas.width, this.canvas.height);
      this.canvas.setAttribute('aria-label', '');
      return;
    }
    const drawn = drawChart(spec, this.state.theme) as unknown as HTMLCanvasElement;
    c.drawImage(drawn, 0, 0);
    this.canvas.setAttribute('aria-label', `${spec.title}. ${o?.ok ? (o.answer.text.split('\n')[0] ?? '') : ''}`);
    this.canvas.dataset.spec = this.state.active;
  }
}

// ---------- Start ----------

function applyTelegramTheme(p: ThemeParams | null): boolean | null {
  if (!p) return null;
  const s = document.documentElement.style;
  const map: Array<[keyof ThemeParams, string]> = [
    ['bg_color', '--bg'], ['text_color', '--fg'], ['hint_color', '--muted'], ['link_color', '--link'],
    ['button_color', '--accent'], ['button_text_color', '--on-accent'], ['secondary_bg_color', '--card'],
  ];
  for (const [k, v] of map) if (p[k]) s.setProperty(v, p[k]!);
  return isDark(p.bg_color);
}

/** Where the page's virtual file system keeps the refreshed series (the shim's root is /carrybot). */
const OVERLAY_DIR = '/carrybot/var';

async function fetchOverlay(): Promise<Record<string, string>> {
  try {
    const res = await fetch('studio/overlay.json', { headers: { accept: 'application/json' } });
    if (!res.ok) return {};
    const body = (await res.json()) as { series?: Record<string, unknown> };
    return Object.fromEntries(Object.entries(body.series ?? {}).filter((e): e is [string, string] => /^[A-Z0-9_]+$/.test(e[0]) && typeof e[1] === 'string'));
  } catch {
    return {};
  }
}

async function main(): Promise<void> {
  meter.phases.script = performance.now();
  const overlayRequest = fetchOverlay();
  const tg = launch();
  const query = parseStudioQuery(location.search);
  const lang: Lang = query.lang ?? langFromLocale(tg.userLang) ?? langFromLocale(navigator.language) ?? 'en';
  const preset: PresetName = query.preset ?? 'observed';
  const media = window.matchMedia?.('(prefers-color-scheme: dark)');
  const tgDark = applyTelegramTheme(tg.themeParams);
  const theme: Theme = (tgDark ?? media?.matches ?? false) ? 'dark' : 'light';
  document.documentElement.dataset.theme = theme;

  // The bot's refreshed observations (when served by the bot), so the observed preset is the bot's.
  const overlay = await overlayRequest;
  for (const [id, csv] of Object.entries(overlay)) writeFileSync(`${OVERLAY_DIR}/series/${id}.csv`, csv);
  const dataset = loadDataset(undefined, Object.keys(overlay).length ? { overlayDir: OVERLAY_DIR } : {});
  meter.phases.dataset = performance.now();
  const probe = await makeContext({ dataset, settings: new MemorySettings(), chatId: 'studio', platform: 'console', override: { lang, preset } });
  let values = defaults(probe);
  let active: Card = 'carry';
  const picked = query.cmd ? fromCommand(query.cmd, probe, values) : null;
  if (picked) ({ values, active } = picked);

  // Canvas text uses the page's font face (a local() alias in page.css); wait for it, briefly.
  await Promise.race([document.fonts?.load('bold 27px "Noto Sans SC"').catch(() => undefined), new Promise((r) => setTimeout(r, 300))]);

  meter.phases.fonts = performance.now();
  const studio = new Studio(dataset, { lang, preset, theme, values, active }, tg.initData);
  await studio.start();
  meter.firstRenderMs = performance.now();
  meter.ready = true;
  document.documentElement.dataset.ready = 'true';

  postEvent('web_app_ready');
  postEvent('web_app_expand');
  onThemeChanged((p) => {
    const dark = applyTelegramTheme(p);
    if (dark !== null) studio.setTheme(dark ? 'dark' : 'light');
  });
  if (!tg.themeParams) media?.addEventListener?.('change', (e) => studio.setTheme(e.matches ? 'dark' : 'light'));
}

main().catch((err: unknown) => {
  meter.errors.push(String((err as Error)?.stack ?? err));
  console.error(err);
});
