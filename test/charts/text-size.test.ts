import { describe, expect, test } from 'vitest';
import { drawChart } from '../../src/charts/draw.js';
import { MIN_TEXT } from '../../src/charts/size.js';
import { registry } from '../../src/commands/registry.js';
import { ok } from '../helpers.js';

const charted = [...registry.values()].filter((d) => d.charted).map((d) => d.name);
const lines = (name: string) => (name === 'factcheck' ? ['/factcheck', '/factcheck all', '/factcheck 7'] : [`/${name}`]);

/** Every piece of text a chart draws (ours and Chart.js's ticks and axis titles), with its font size. */
async function texts(line: string, lang: 'en' | 'zh') {
  const a = await ok(line, { lang });
  const seen: Array<{ text: string; px: number; height: number }> = [];
  const canvas = drawChart(a.chart!, 'light', { onText: (text, px) => seen.push({ text, px, height: 0 }) });
  // The rendered height of a digit at the smallest size, measured on the canvas itself.
  const ctx = canvas.getContext('2d');
  for (const s of seen) {
    ctx.font = `${s.px}px "Noto Sans SC"`;
    const m = ctx.measureText('8');
    s.height = m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
  }
  return { seen, width: canvas.width };
}

describe('charts are readable on a phone (≥ 10 CSS px at 390 px wide)', () => {
  test.each(charted.flatMap((c) => lines(c).flatMap((l) => (['en', 'zh'] as const).map((lang) => [l, lang] as const))))(
    'GIVEN %s in %s THEN the smallest text drawn is at least 33 px on the 1280-wide canvas',
    async (line, lang) => {
      const { seen, width } = await texts(line, lang);
      expect(width).toBe(1280);
      expect(seen.length).toBeGreaterThan(5);
      const smallest = seen.reduce((a, b) => (b.px < a.px ? b : a));
      expect(smallest.px, `smallest: “${smallest.text}”`).toBeGreaterThanOrEqual(MIN_TEXT);
      // A digit at that size stands about 0.7 em tall: ≥ 23 px here, ≈ 7 CSS px at 390 px wide.
      expect(Math.min(...seen.map((s) => s.height))).toBeGreaterThanOrEqual(0.68 * MIN_TEXT);
      // The tick labels (numbers alone) are no smaller than the rest.
      const ticks = seen.filter((s) => /^-?[\d.,]+$/.test(s.text));
      if (ticks.length) expect(Math.min(...ticks.map((s) => s.px))).toBeGreaterThanOrEqual(MIN_TEXT);
    },
  );

  test('GIVEN /brief THEN the headline figures are the largest text in each panel, and the layout is square for portrait phones', async () => {
    const a = await ok('/brief');
    const { seen } = await texts('/brief', 'en');
    const headline = seen.find((s) => s.text === a.chart!.panels![0]!.headline)!;
    const panelTitle = seen.find((s) => s.text === a.chart!.panels![0]!.title)!;
    expect(headline.px).toBeGreaterThan(panelTitle.px);
    expect(drawChart(a.chart!, 'dark').height).toBe(1280);
  });

  test('GIVEN /brief THEN the spread panel marks its gap with a note rather than bridging it', async () => {
    const a = await ok('/brief');
    const spread = a.chart!.panels![0]!;
    expect(spread.marks).toContainEqual(expect.objectContaining({ type: 'gap', from: '2024-07-31', label: 'no data Aug 2024 – Dec 2025' }));
    const { seen } = await texts('/brief', 'en');
    expect(seen.map((s) => s.text)).toContain('no data Aug 2024 – Dec 2025');
    // Chart.js's own tick labels are measured too.
    expect(seen.filter((s) => s.text === '2022').length).toBeGreaterThanOrEqual(2);
  });
});
