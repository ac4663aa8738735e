/**
 * Chart spec → canvas. Chart.js draws the plot area; we draw the title, the footnote (source and
 * data date), marks (bands, reference lines, points) and direct labels, so no legend is needed.
 * Sizes are chosen to stay legible when a 1280×720 image is shown 390 px wide on a phone.
 */
import { createCanvas, type Canvas, type SKRSContext2D } from '@napi-rs/canvas';
import { Chart, registerables, type ChartConfiguration, type ChartDataset, type Plugin, type Scale } from 'chart.js';
import type { ChartMark, ChartSeries, ChartSpec } from '../commands/chart.js';
import type { Theme } from '../commands/types.js';
import { ensureFonts, FONT_FAMILY } from './fonts.js';
import { FOOTER, HEADER, MIN_TEXT, PAIR_ROW, sizeFor } from './size.js';
import { palettes, type Palette } from './theme.js';

Chart.register(...registerables);
Chart.defaults.font.family = FONT_FAMILY;


/**
 * Type sizes in px on the 1280-wide canvas. Nothing is smaller than MIN_TEXT (33 px, i.e. 10 CSS px
 * when a phone shows the chart 390 px wide); the headline figures are the largest text.
 */
const TYPE = { title: 50, headline: 56, panelTitle: 38, axis: 34, tick: 36, label: 36, small: 34, footnote: MIN_TEXT };
const MARGIN = 40;

/** Told about every piece of text drawn and its font size (tests measure the smallest). */
export type TextProbe = (text: string, px: number) => void;
let probe: TextProbe | undefined;

/** Reports each fillText on this context to the probe, if one is set (Chart.js draws through it too). */
function instrument(ctx: Ctx): Ctx {
  if (!probe) return ctx;
  const report = probe;
  const fill = ctx.fillText.bind(ctx);
  ctx.fillText = ((text: string, x: number, y: number, maxWidth?: number) => {
    const px = Number(/(\d+(?:\.\d+)?)px/.exec(ctx.font)?.[1] ?? 0);
    if (String(text).trim()) report(String(text), px);
    return maxWidth === undefined ? fill(text, x, y) : fill(text, x, y, maxWidth);
  }) as typeof ctx.fillText;
  return ctx;
}

type Ctx = SKRSContext2D;
type Box = { x: number; y: number; w: number; h: number };

const font = (size: number, bold = false) => `${bold ? 'bold ' : ''}${size}px "${FONT_FAMILY}"`;

/** Shrinks text until it fits `max` pixels, never below MIN_TEXT; what still does not fit is cut with "…". */
function fitText(ctx: Ctx, text: string, size: number, max: number, bold = false): { size: number; text: string } {
  let s = size;
  ctx.font = font(s, bold);
  while (s > MIN_TEXT && ctx.measureText(text).width > max) ctx.font = font(--s, bold);
  let out = text;
  while (out.length > 1 && ctx.measureText(out).width > max) out = `${out.slice(0, -2).trimEnd()}…`;
  return { size: s, text: out };
}

/** Splits text into at most `lines` lines of at most `max` px (by words, or by characters for Chinese). */
function wrap(ctx: Ctx, text: string, max: number, lines = 2): string[] {
  if (ctx.measureText(text).width <= max) return [text];
  // Words for Latin text; for Chinese any character may end a line, but Latin runs stay whole.
  const words = text.match(/[\u3000-\u9fff\uff00-\uffef]|[^\s\u3000-\u9fff\uff00-\uffef]+\s*|\s+/gu) ?? [text];
  const out: string[] = [];
  let line = '';
  for (const w of words) {
    // Closing punctuation never starts a line.
    if (line && !/^[”’」』）)，,。.、：:；;！!？?]/u.test(w) && ctx.measureText(line + w).width > max && out.length < lines - 1) {
      out.push(line.trimEnd());
      line = w.trimStart();
    } else line += w;
  }
  out.push(line.trimEnd());
  return out;
}

function label(ctx: Ctx, p: Palette, text: string, x: number, y: number, color: string, opts: { align?: 'left' | 'right' | 'center'; size?: number; box?: Box } = {}) {
  const size = opts.size ?? TYPE.label;
  const lines = text.split('\n');
  if (lines.length > 1) {
    // Stacked upwards from y, each line positioned like a one-line label.
    lines.reverse().forEach((line, i) => label(ctx, p, line, x, y - i * (size + 8), color, opts));
    return;
  }
  ctx.font = font(size, true);
  const w = ctx.measureText(text).width;
  const align = opts.align ?? 'left';
  let left = align === 'left' ? x : align === 'right' ? x - w : x - w / 2;
  if (opts.box) {
    if (left + w > opts.box.x + opts.box.w) {
      left = opts.box.x + opts.box.w - w;
    }
    if (left < opts.box.x) left = opts.box.x;
    y = Math.min(Math.max(y, opts.box.y + size), opts.box.y + opts.box.h - 4);
  }
  ctx.fillStyle = p.fill(p.background, 0.82);
  ctx.fillRect(left - 6, y - size, w + 12, size + 10);
  ctx.fillStyle = color;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(text, left, y);
}

const isDate = (v: number | string): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v);
const toX = (v: number | string): number => (isDate(v) ? Date.parse(`${v}T00:00:00Z`) : Number(v));

function usesCategories(spec: ChartSpec): boolean {
  return spec.xType === 'category' || spec.kind === 'waterfall' || spec.series.some((s) => s.style === 'bar');
}

/** Floating bars for a waterfall: the first and last bars stand on zero, the middle ones on the running total. */
function waterfall(series: ChartSeries): Array<[number, number]> {
  let running = 0;
  return series.points.map(([, v], i, all) => {
    if (i === 0 || i === all.length - 1) {
      running = v;
      return [0, v];
    }
    const bar: [number, number] = [running, running + v];
    running += v;
    return bar;
  });
}

function dateTicks(scale: Scale, most: number): void {
  const min = new Date(scale.min).getUTCFullYear();
  const max = new Date(scale.max).getUTCFullYear();
  const years = max - min + 1;
  const step = Math.max(1, Math.ceil(years / most));
  const ticks = [];
  for (let y = min; y <= max + 1; y += step) {
    const v = Date.UTC(y, 0, 1);
    if (v >= scale.min && v <= scale.max) ticks.push({ value: v });
  }
  if (ticks.length < 2) ticks.splice(0, ticks.length, { value: scale.min }, { value: scale.max });
  scale.ticks = ticks;
}

function tickLabel(value: number, spec: ChartSpec, span: number): string {
  if (spec.xType !== 'date') return String(Number(value.toFixed(2)));
  const d = new Date(value);
  return span < 3 * 365 * 86_400_000 ? `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}` : String(d.getUTCFullYear());
}

/** The marks and direct labels, drawn over (bands: under) the datasets. */
function overlay(spec: ChartSpec, p: Palette, compact: boolean): Plugin {
  const px = (chart: Chart, x: number | string, y: number) => ({
    x: chart.scales.x!.getPixelForValue(usesCategories(spec) ? Number(x) : toX(x)),
    y: chart.scales.y!.getPixelForValue(y),
  });
  const area = (chart: Chart): Box => ({ x: chart.chartArea.left, y: chart.chartArea.top, w: chart.chartArea.width, h: chart.chartArea.height });
  const size = compact ? TYPE.small : TYPE.label;
  return {
    id: 'carrybot-overlay',
    beforeInit(chart) {
      instrument(chart.ctx as unknown as Ctx);
    },
    beforeDraw(chart) {
      const c = chart.ctx as unknown as Ctx;
      c.save();
      c.fillStyle = p.background;
      c.fillRect(0, 0, chart.width, chart.height);
      c.restore();
    },
    beforeDatasetsDraw(chart) {
      const c = chart.ctx as unknown as Ctx;
      const a = area(chart);
      for (const m of spec.marks) {
        if (m.type === 'gap') {
          // No observations here: a shaded stretch with its note, not a line bridging it.
          const x0 = chart.scales.x!.getPixelForValue(toX(m.from));
          const x1 = chart.scales.x!.getPixelForValue(toX(m.to));
          c.fillStyle = p.fill(p.roles[m.role], 0.14);
          c.fillRect(x0, a.y, x1 - x0, a.h);
          label(c, p, m.label, x1, a.y + a.h - 10, p.roles[m.role], { align: 'right', size: TYPE.small, box: a });
          continue;
        }
        if (m.type !== 'band') continue;
        const top = chart.scales.y!.getPixelForValue(m.to);
        const bottom = chart.scales.y!.getPixelForValue(m.from);
        c.fillStyle = p.fill(p.roles[m.role], 0.16);
        c.fillRect(a.x, top, a.w, bottom - top);
        label(c, p, m.label, a.x + 10, top + size + 8, p.roles[m.role], { size, box: a });
      }
    },
    afterDatasetsDraw(chart) {
      const c = chart.ctx as unknown as Ctx;
      const a = area(chart);
      c.save();
      for (const m of spec.marks) drawMark(chart, c, p, m, a, size, px);
      // Direct labels at the end of each line, nudged apart so they never overlap.
      const ends: Array<{ text: string; x: number; y: number; color: string }> = [];
      spec.series.forEach((s, i) => {
        if (s.style === 'bar') return;
        const meta = chart.getDatasetMeta(i);
        const last = meta.data.at(-1);
        if (last && spec.series.length > 1) ends.push({ text: s.label, x: last.x + 12, y: last.y + size / 3, color: p.roles[s.role] });
        if (s.pointLabels) {
          meta.data.forEach((pt, j) => {
            const text = s.pointLabels![j];
            if (text) label(c, p, text, pt.x, pt.y - 14, p.roles[s.role], { align: 'center', size: TYPE.small, box: a });
          });
        }
      });
      ends.sort((l, r) => l.y - r.y);
      for (let i = 1; i < ends.length; i++) ends[i]!.y = Math.max(ends[i]!.y, ends[i - 1]!.y + size + 6);
      for (const e of ends) label(c, p, e.text, e.x, e.y, e.color, { size });
      // Value labels on bars: all when few, else the first and the last.
      spec.series.forEach((s, i) => {
        if (s.style !== 'bar' || !s.pointLabels) return;
        const bars = chart.getDatasetMeta(i).data;
        bars.forEach((bar, j) => {
          if (bars.length > 6 && j !== 0 && j !== bars.length - 1) return;
          const text = s.pointLabels![j];
          const props = bar.getProps(['x', 'y', 'base'], true) as { x: number; y: number; base: number };
          const top = Math.min(props.y, props.base);
          if (text) label(c, p, text, props.x, top - 12, p.text, { align: 'center', size: compact ? TYPE.small : TYPE.label, box: { ...a, y: a.y - 40, h: a.h + 40 } });
        });
      });
      c.restore();
    },
  };
}

function drawMark(chart: Chart, c: Ctx, p: Palette, m: ChartMark, a: Box, size: number, px: (chart: Chart, x: number | string, y: number) => { x: number; y: number }) {
  const color = p.roles[m.role];
  c.strokeStyle = color;
  c.lineWidth = 3;
  if (m.type === 'hline') {
    const y = chart.scales.y!.getPixelForValue(m.y);
    c.setLineDash([12, 8]);
    c.beginPath();
    c.moveTo(a.x, y);
    c.lineTo(a.x + a.w, y);
    c.stroke();
    c.setLineDash([]);
    label(c, p, m.label, a.x + a.w - 8, y - 10, color, { align: 'right', size, box: a });
  } else if (m.type === 'vline') {
    const x = px(chart, m.x, 0).x;
    c.setLineDash([10, 8]);
    c.beginPath();
    c.moveTo(x, a.y);
    c.lineTo(x, a.y + a.h);
    c.stroke();
    c.setLineDash([]);
    label(c, p, m.label, x + 8, a.y + a.h - 12, color, { size: TYPE.small, box: a });
  } else if (m.type === 'point') {
    const { x, y } = px(chart, m.x, m.y);
    c.fillStyle = color;
    c.strokeStyle = p.background;
    c.lineWidth = 4;
    c.beginPath();
    c.arc(x, y, 11, 0, Math.PI * 2);
    c.fill();
    c.stroke();
    label(c, p, m.label, x, y - 22, color, { align: 'center', size, box: a });
  }
  // Bands and gaps are drawn under the datasets (beforeDatasetsDraw).
}

/** Breaks a line where observations stop for a long stretch (e.g. the MOF file ending), instead of drawing a straight bridge. */
function withGaps(points: Array<{ x: number; y: number }>): Array<{ x: number; y: number | null }> {
  if (points.length < 8) return points;
  const steps = points.slice(1).map((pt, i) => pt.x - points[i]!.x).sort((a, b) => a - b);
  const typical = steps[Math.floor(steps.length / 2)]!;
  const out: Array<{ x: number; y: number | null }> = [points[0]!];
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.x - points[i - 1]!.x > 4 * typical) out.push({ x: points[i - 1]!.x + typical, y: null });
    out.push(points[i]!);
  }
  return out;
}

/** Radius per point: 0 on a line, a dot where a point has no neighbour to draw a line to. */
function isolated(points: Array<{ y: number | null }>): number[] {
  return points.map((pt, i) => (pt.y !== null && (points[i - 1]?.y ?? null) === null && (points[i + 1]?.y ?? null) === null ? 7 : 0));
}

function datasets(spec: ChartSpec, p: Palette): ChartDataset[] {
  return spec.series.map((s) => {
    const color = p.roles[s.role];
    if (spec.kind === 'waterfall') {
      const bars = waterfall(s);
      return {
        type: 'bar',
        label: s.label,
        data: bars,
        backgroundColor: s.points.map(([, v], i) =>
          i === 0 || i === s.points.length - 1 ? color : v < 0 ? p.roles.negative : p.roles.positive,
        ),
        borderRadius: 6,
        barPercentage: 0.7,
      } as ChartDataset;
    }
    if (s.style === 'bar') {
      return { type: 'bar', label: s.label, data: s.points.map(([, y]) => y), backgroundColor: color, borderRadius: 6, barPercentage: 0.7 } as ChartDataset;
    }
    return {
      type: 'line',
      label: s.label,
      data: withGaps(s.points.map(([x, y]) => ({ x: toX(x), y }))),
      borderColor: color,
      backgroundColor: p.fill(color, 0.16),
      borderWidth: 5,
      pointRadius: isolated(withGaps(s.points.map(([x, y]) => ({ x: toX(x), y })))),
      pointBackgroundColor: color,
      pointBorderWidth: 0,
      fill: s.style === 'area' ? 'origin' : false,
      stepped: s.style === 'step' ? 'before' : false,
      tension: 0,
    } as ChartDataset;
  });
}

/** Draws a spec's plot (no title or footnote) at (x, y) on `target`, w×h. */
function plot(target: Ctx, x: number, y: number, spec: ChartSpec, w: number, h: number, p: Palette, compact = false): void {
  const canvas = createCanvas(w, h);
  const categories = usesCategories(spec);
  const tick = compact ? TYPE.small : TYPE.tick;
  const xs = spec.series.flatMap((s) => s.points.map(([x]) => toX(x)));
  const marksX = spec.marks.flatMap((m) => (m.type === 'point' || m.type === 'vline' ? [toX(m.x)] : []));
  const span = xs.length ? Math.max(...xs) - Math.min(...xs) : 0;
  const measure = canvas.getContext('2d');
  measure.font = font(compact ? TYPE.small : TYPE.label, true);
  const labelRoom = spec.series.length > 1 && !categories ? Math.max(...spec.series.map((s) => measure.measureText(s.label).width)) + 20 : 0;
  const ys = [
    ...spec.series.flatMap((s) => (spec.kind === 'waterfall' ? waterfall(s).flat() : s.points.map(([, y]) => y))),
    ...spec.marks.flatMap((m) => (m.type === 'band' ? [m.from, m.to] : m.type === 'hline' || m.type === 'point' ? [m.y] : [])),
  ];
  const yMin = Math.min(0, ...ys);
  const yMax = Math.max(...ys);
  const pad = (yMax - yMin || 1) * 0.12;
  // Category labels that do not fit their slot go on two lines rather than being skipped or shrunk.
  measure.font = font(tick);
  const slots = spec.series[0]?.points.length ?? 1;
  const labels = categories ? spec.series[0]?.points.map(([x]) => wrap(measure, String(x), (w - 120) / Math.max(1, slots) - 16)) : undefined;
  const config: ChartConfiguration = {
    type: categories ? 'bar' : 'line',
    data: { labels, datasets: datasets(spec, p) },
    options: {
      responsive: false,
      animation: false,
      devicePixelRatio: 1,
      layout: { padding: { top: 24, right: 24 + labelRoom, left: 8, bottom: 4 } },
      plugins: { legend: { display: false }, tooltip: { enabled: false }, title: { display: false } },
      scales: {
        x: categories
          ? { type: 'category', grid: { display: false }, ticks: { color: p.text, font: { size: tick }, autoSkip: false, maxRotation: 0 }, border: { color: p.grid } }
          : {
              type: 'linear',
              min: Math.min(...xs, ...marksX),
              max: Math.max(...xs, ...marksX),
              grid: { color: p.grid },
              border: { color: p.grid },
              ticks: { color: p.text, font: { size: tick }, maxRotation: 0, maxTicksLimit: compact ? 4 : 7, callback: (v) => tickLabel(Number(v), spec, span) },
              afterBuildTicks: spec.xType === 'date' ? (scale: Scale) => dateTicks(scale, compact ? 3 : 5) : undefined,
              title: spec.xLabel && spec.xType !== 'date' ? { display: true, text: spec.xLabel, color: p.subtle, font: { size: TYPE.axis } } : { display: false },
            },
        y: {
          type: 'linear',
          suggestedMin: yMin < 0 ? yMin - pad : 0,
          suggestedMax: yMax + pad,
          beginAtZero: yMin >= 0,
          grid: { color: p.grid },
          border: { display: false },
          ticks: { color: p.text, font: { size: tick }, maxTicksLimit: compact ? 4 : 5 },
          title: spec.yLabel && !compact ? { display: true, text: spec.yLabel, color: p.subtle, font: { size: TYPE.axis } } : { display: false },
        },
      },
    },
    plugins: [overlay(spec, p, compact)],
  };
  const chart = new Chart(canvas as unknown as ConstructorParameters<typeof Chart>[0], config);
  try {
    target.drawImage(canvas, x, y);
  } finally {
    chart.destroy(); // destroy() clears the canvas, so only after it has been composited
    release(canvas);
  }
}

/**
 * Drops a canvas' pixel buffer now (a 1×1 surface), instead of whenever the garbage collector
 * finalizes it: the buffer lives outside the JS heap, so a rendering thread with a small heap
 * rarely collects and would otherwise hold hundreds of megabytes of dead canvases.
 */
export function release(canvas: Canvas): void {
  canvas.width = 1;
  canvas.height = 1;
}

/**
 * Paired horizontal bars, one row per claim, each row on its own scale with its zero marked: a claim
 * against its datum. Negative values are drawn to the left of zero; a datum with no point (nothing
 * measured) has no bar, only its label.
 */
function pairs(ctx: Ctx, spec: ChartSpec, body: Box, p: Palette) {
  const rows = spec.panels ?? [];
  const first = rows[0]?.series[0];
  const legendY = body.y + 36;
  const [claimName, dataName] = first ? [String(first.points[0]?.[0] ?? ''), String(first.points[1]?.[0] ?? '')] : ['', ''];
  const colors = [p.roles.secondary, p.roles.primary];
  ctx.font = font(TYPE.small, true);
  let lx = body.x + body.w;
  for (const [i, name] of [dataName, claimName].entries()) {
    if (!name) continue;
    const w = ctx.measureText(name).width;
    lx -= w + 56;
    ctx.fillStyle = colors[1 - i]!;
    ctx.fillRect(lx, legendY - 26, 30, 30);
    ctx.fillStyle = p.text;
    ctx.fillText(name, lx + 40, legendY);
  }
  const top = legendY + 20;
  const rowH = Math.min(PAIR_ROW * 1.6, (body.h - (top - body.y)) / Math.max(1, rows.length));
  const labelW = body.w * 0.34;
  const barX = body.x + labelW + 24;
  // Room right of the bars for the longest value label, so none runs off the canvas.
  ctx.font = font(TYPE.small, true);
  const longest = Math.max(0, ...rows.flatMap((r) => (r.series[0]?.pointLabels ?? []).map((l) => ctx.measureText(l).width)));
  const valueRoom = Math.min(body.w * 0.4, longest + 24);
  const barW = body.w - labelW - 24 - valueRoom;
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    const s = row.series[0]!;
    ctx.font = font(TYPE.small, true);
    const titleLines = wrap(ctx, row.title, labelW);
    ctx.fillStyle = p.text;
    titleLines.forEach((line, k) => {
      const { text } = fitText(ctx, line, TYPE.small, labelW, true);
      ctx.fillText(text, body.x, y + rowH / 2 + TYPE.small / 3 + (k - (titleLines.length - 1) / 2) * (TYPE.small + 4));
    });
    const values = s.points.map(([, v]) => v);
    const lo = Math.min(0, ...values);
    const hi = Math.max(0, ...values);
    const range = hi - lo || 1;
    const zero = barX + (-lo / range) * barW;
    const thick = Math.min(34, (rowH - 20) / 2);
    for (let j = 0; j < 2; j++) {
      const by = y + (rowH - 2 * thick - 8) / 2 + j * (thick + 8);
      const v = s.points[j]?.[1];
      const text = s.pointLabels?.[j] ?? (v === undefined ? '' : String(v));
      ctx.font = font(TYPE.small, true);
      if (v === undefined) {
        // Nothing measured: no bar, the label says so.
        ctx.fillStyle = p.subtle;
        ctx.fillText(text, zero + 10, by + thick - 4);
        continue;
      }
      const w = Math.max(3, (Math.abs(v) / range) * barW);
      const left = v < 0 ? zero - w : zero;
      ctx.fillStyle = colors[j]!;
      ctx.fillRect(left, by, w, thick);
      ctx.fillStyle = p.text;
      ctx.fillText(text, (v < 0 ? zero : left + w) + 10, by + thick - 4);
    }
    ctx.fillStyle = p.subtle;
    ctx.fillRect(zero - 1, y + 6, 2, rowH - 12);
    if (i < rows.length - 1) {
      ctx.fillStyle = p.grid;
      ctx.fillRect(body.x, y + rowH - 1, body.w, 1);
    }
  });
}

/** Small multiples: title and a large headline figure over each panel's plot. */
function panels(ctx: Ctx, spec: ChartSpec, body: Box, p: Palette) {
  const list = spec.panels ?? [];
  const cols = list.length > 2 ? 2 : list.length;
  const rowsN = Math.ceil(list.length / Math.max(1, cols));
  const gap = 40;
  const w = (body.w - gap * (cols - 1)) / cols;
  const h = (body.h - gap * (rowsN - 1)) / rowsN;
  list.forEach((panel, i) => {
    const x = body.x + (i % cols) * (w + gap);
    const y = body.y + Math.floor(i / cols) * (h + gap);
    // The headline figure first and large; the panel title takes the room left beside it.
    let headW = 0;
    if (panel.headline) {
      ctx.font = font(TYPE.headline, true);
      headW = ctx.measureText(panel.headline).width;
      ctx.fillStyle = p.roles.primary;
      ctx.fillText(panel.headline, x + w - headW, y + TYPE.headline);
    }
    const title = fitText(ctx, panel.title, TYPE.panelTitle, w - headW - 20, true);
    ctx.fillStyle = p.text;
    ctx.fillText(title.text, x, y + TYPE.headline);
    const head = TYPE.headline + 16;
    plot(ctx, x, y + head, panel, Math.floor(w), Math.floor(h - head), p, true);
  });
}

/** The footnote on one line if it fits, else on two (split between sources): never cut, never small. */
function footnoteLines(ctx: Ctx, text: string, max: number): string[] {
  ctx.font = font(TYPE.footnote, true);
  if (ctx.measureText(text).width <= max) return [text];
  const parts = text.split(' · ');
  let cut = parts.length - 1;
  while (cut > 1 && ctx.measureText(parts.slice(0, cut).join(' · ')).width > max) cut--;
  return [parts.slice(0, cut).join(' · '), parts.slice(cut).join(' · ')].map((l) => fitText(ctx, l, TYPE.footnote, max, true).text);
}

export interface DrawOptions {
  /** Called with every piece of text drawn and its font size in px. */
  onText?: TextProbe;
}

/** Draws a whole chart: background, title, body, footnote. */
export function drawChart(spec: ChartSpec, theme: Theme, opts: DrawOptions = {}): Canvas {
  ensureFonts();
  probe = opts.onText;
  try {
    return draw(spec, theme);
  } finally {
    probe = undefined;
  }
}

function draw(spec: ChartSpec, theme: Theme): Canvas {
  const p = palettes[theme];
  const { width, height } = sizeFor(spec);
  const canvas = createCanvas(width, height);
  const ctx = instrument(canvas.getContext('2d'));
  ctx.fillStyle = p.background;
  ctx.fillRect(0, 0, width, height);

  const title = fitText(ctx, spec.title, TYPE.title, width - 2 * MARGIN, true);
  ctx.fillStyle = p.text;
  ctx.textBaseline = 'alphabetic';
  ctx.fillText(title.text, MARGIN, 28 + title.size);

  const brand = 'CarryBot';
  ctx.font = font(TYPE.footnote, true);
  const brandW = ctx.measureText(brand).width;
  const notes = footnoteLines(ctx, spec.footnote, width - 2 * MARGIN - brandW - 24);
  const footer = FOOTER + (notes.length - 1) * (TYPE.footnote + 8);

  const body: Box = { x: MARGIN - 8, y: HEADER, w: width - 2 * MARGIN + 8, h: height - HEADER - footer };
  if (spec.kind === 'pairs') pairs(ctx, spec, body, p);
  else if (spec.kind === 'dashboard') panels(ctx, spec, body, p);
  else plot(ctx, body.x, body.y, spec, body.w, body.h, p);

  ctx.fillStyle = p.grid;
  ctx.fillRect(MARGIN, height - footer + 4, width - 2 * MARGIN, 2);
  ctx.font = font(TYPE.footnote, true);
  ctx.fillStyle = p.subtle;
  ctx.fillText(brand, width - MARGIN - brandW, height - 18);
  notes.forEach((line, i) => ctx.fillText(line, MARGIN, height - 18 - (notes.length - 1 - i) * (TYPE.footnote + 8)));
  return canvas;
}
