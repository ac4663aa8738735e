import { createCanvas, loadImage } from '@napi-rs/canvas';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { present } from '../../src/bots/present.js';
import { ChartRenderer, RendererBusyError } from '../../src/charts/renderer.js';
import type { ChartSpec } from '../../src/commands/chart.js';
import { registry } from '../../src/commands/registry.js';
import type { Theme } from '../../src/commands/types.js';
import { CJK, answer, ok } from '../helpers.js';

const charted = [...registry.values()].filter((d) => d.charted).map((d) => d.name);
const renderer = new ChartRenderer({ concurrency: 2 });

async function pixels(png: Buffer) {
  const img = await loadImage(png);
  const c = createCanvas(img.width, img.height);
  const ctx = c.getContext('2d');
  ctx.drawImage(img, 0, 0);
  return { width: img.width, height: img.height, data: ctx.getImageData(0, 0, img.width, img.height).data };
}

/** Distinct colours on a coarse grid over the plot body, and whether every sampled pixel is opaque. */
function inspect(px: { width: number; height: number; data: Uint8ClampedArray }) {
  const colours = new Set<number>();
  let opaque = true;
  for (let y = 100; y < px.height - 60; y += 7) {
    for (let x = 0; x < px.width; x += 7) {
      const i = (y * px.width + x) * 4;
      colours.add((px.data[i]! << 16) | (px.data[i + 1]! << 8) | px.data[i + 2]!);
      if (px.data[i + 3] !== 255) opaque = false;
    }
  }
  const corner = [px.data[0], px.data[1], px.data[2], px.data[3]];
  return { colours: colours.size, opaque, corner };
}

describe('every chart, both languages, both themes', () => {
  test.each(charted.flatMap((c) => (['light', 'dark'] as Theme[]).map((t) => [c, t] as const)))(
    'GIVEN /%s in the %s theme THEN a 1280-wide opaque PNG (16:9; the briefing square) with a drawn body, different in zh and en',
    async (name, theme) => {
      const [en, zh] = await Promise.all([ok(`/${name}`, { lang: 'en' }), ok(`/${name}`, { lang: 'zh' })]);
      const [a, b] = await Promise.all([renderer.render(en.chart!, theme), renderer.render(zh.chart!, theme)]);
      expect(a.png.subarray(1, 4).toString()).toBe('PNG');
      const pa = await pixels(a.png);
      const pb = await pixels(b.png);
      // 16:9, except the briefing dashboard: square, for portrait phones.
      const size = name === 'brief' ? [1280, 1280] : [1280, 720];
      expect([pa.width, pa.height]).toEqual(size);
      expect([pb.width, pb.height]).toEqual(size);
      const ia = inspect(pa);
      expect(ia.opaque).toBe(true);
      expect(ia.corner).toEqual(theme === 'light' ? [255, 255, 255, 255] : [0x2b, 0x2d, 0x31, 255]);
      expect(ia.colours).toBeGreaterThan(12);
      expect(inspect(pb).colours).toBeGreaterThan(12);
      // The title band differs between the languages.
      let differing = 0;
      for (let i = 0; i < 1280 * 90 * 4; i += 4) if (pa.data[i] !== pb.data[i]) differing++;
      expect(differing).toBeGreaterThan(500);
    },
  );
});

/**
 * Goldens are reviewed values: a missing one fails the run (it is never written on the fly); only
 * `npm run test:update-goldens` (CARRYBOT_UPDATE_GOLDENS=1) rewrites them, for review in the diff.
 */
function matchesGolden(actual: string, file: string): void {
  const path = fileURLToPath(new URL(`../golden/${file}`, import.meta.url));
  if (process.env.CARRYBOT_UPDATE_GOLDENS === '1') return writeFileSync(path, actual);
  if (!existsSync(path)) throw new Error(`golden file test/golden/${file} is missing; run \`npm run test:update-goldens\` and review what it writes`);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('Chinese text is drawn with real glyphs', () => {
  /** Pixels of the title band (the top 90 rows) that differ between two PNGs. */
  async function titleBandDiff(a: Buffer, b: Buffer): Promise<number> {
    const [pa, pb] = await Promise.all([pixels(a), pixels(b)]);
    let n = 0;
    for (let i = 0; i < pa.width * 90 * 4; i += 4) if (pa.data[i] !== pb.data[i] || pa.data[i + 1] !== pb.data[i + 1] || pa.data[i + 2] !== pb.data[i + 2]) n++;
    return n;
  }

  test('GIVEN the zh title THEN it draws unlike the same title in characters the font lacks (tofu draws them all alike)', async () => {
    const spec = (await ok('/carry 1.5', { lang: 'zh' })).chart!;
    expect(spec.title).toMatch(CJK);
    // Private-use code points: no font here has them, so they come out as the missing-glyph box.
    const as = (ch: string): ChartSpec => ({ ...spec, title: spec.title.replace(new RegExp(CJK.source, 'gu'), ch) });
    const r = new ChartRenderer();
    const [real, tofuA, tofuB] = await Promise.all([r.render(spec, 'light'), r.render(as('\uE000'), 'light'), r.render(as('\uE001'), 'light')]);
    // Two different missing characters draw the same: this is what tofu looks like here.
    expect(await titleBandDiff(tofuA.png, tofuB.png)).toBe(0);
    // The real title does not look like that: its characters have glyphs.
    expect(await titleBandDiff(real.png, tofuA.png)).toBeGreaterThan(1000);
  });
});

describe('chart specs match their golden files (not pixels)', () => {
  test.each(charted.flatMap((c) => (['en', 'zh'] as const).map((l) => [c, l] as const)))('GIVEN /%s in %s THEN the spec is unchanged', async (name, lang) => {
    const a = await ok(`/${name}`, { lang, timezone: 'UTC' });
    matchesGolden(`${JSON.stringify(a.chart, null, 1)}\n`, `${name}.${lang}.json`);
  });

  test('GIVEN the article preset THEN the carry chart passes through the anchor at 1.5pp', async () => {
    const a = await ok('/carry 1.5', { preset: 'article' });
    const unwound = a.chart!.series.find((s) => s.id === 'unwound')!;
    expect(unwound.points.find(([x]) => x === 1.5)).toEqual([1.5, 1.2]);
    expect(a.chart!.marks).toContainEqual(expect.objectContaining({ type: 'hline', y: 0.55 }));
  });
});

describe('the renderer', () => {
  const spec = async (line: string) => (await ok(line)).chart!;

  test('GIVEN the same chart twice THEN it renders once and the second comes from the cache', async () => {
    const r = new ChartRenderer();
    const s = await spec('/neutral 1.1');
    const first = await r.render(s, 'light');
    const second = await r.render(s, 'light');
    expect(second.png).toBe(first.png);
    expect(r.stats).toMatchObject({ renders: 1, cacheHits: 1 });
  });

  test('GIVEN identical requests at once THEN they share one render; another theme is another chart', async () => {
    const r = new ChartRenderer();
    const s = await spec('/neutral 1.2');
    const [a, b, c] = await Promise.all([r.render(s, 'light'), r.render(s, 'light'), r.render(s, 'dark')]);
    expect(a.png).toBe(b.png);
    expect(c.key).not.toBe(a.key);
    expect(r.stats).toMatchObject({ renders: 2, shared: 1 });
  });

  test('GIVEN a full queue THEN the next request is refused as busy instead of growing memory', async () => {
    const r = new ChartRenderer({ concurrency: 1, maxQueue: 1 });
    const specs = await Promise.all(['/debt 1 5', '/debt 1 6', '/debt 1 7'].map(spec));
    const results = await Promise.allSettled(specs.map((s) => r.render(s, 'light')));
    expect(results.map((x) => x.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(RendererBusyError);
  });

  test('GIVEN request() THEN a cached chart is ready at once, a new one is pending (text first), and a full queue says busy — never an error', async () => {
    const r = new ChartRenderer({ threads: 1, maxQueue: 1 });
    const specs = await Promise.all(['/debt 1 8', '/debt 1 9', '/debt 1 10', '/debt 1 11'].map(spec));
    const first = await r.request(specs[0]!, 'light');
    expect(first.state).toBe('pending');
    const second = await r.request(specs[1]!, 'light'); // waits in the queue
    expect(second.state).toBe('pending');
    expect((await r.request(specs[2]!, 'light')).state).toBe('busy');
    if (first.state !== 'pending' || second.state !== 'pending') throw new Error('expected pending');
    const [a] = await Promise.all([first.chart, second.chart]);
    expect(a.png.subarray(1, 4).toString()).toBe('PNG');
    const again = await r.request(specs[0]!, 'light');
    expect(again).toMatchObject({ state: 'ready', chart: { key: a.key } });
    // With a budget long enough for the render, the chart comes back ready.
    expect((await r.request(specs[3]!, 'dark', { waitMs: 60_000 })).state).toBe('ready');
    await r.close();
  });

  test('GIVEN the pool and the main thread THEN the same spec gives the same PNG size and key', async () => {
    const s = await spec('/spread');
    const pooled = new ChartRenderer({ threads: 2 });
    const here = new ChartRenderer({ threads: 0 });
    const [a, b] = await Promise.all([pooled.render(s, 'dark'), here.render(s, 'dark')]);
    expect(a.key).toBe(b.key);
    expect(Math.abs(a.png.length - b.png.length)).toBeLessThan(a.png.length * 0.05);
    expect(pooled.load.threads).toBe(2);
    await pooled.close();
  });

  test('GIVEN warm() THEN every thread is started and has drawn, yet no chart is counted or cached, and renders go on as before', async () => {
    const r = new ChartRenderer({ threads: 2 });
    expect(r.load.started).toBe(0);
    await r.warm();
    expect(r.load).toMatchObject({ started: 2, running: 0, waiting: 0 });
    expect(r.stats.renders).toBe(0);
    expect(r.cached.entries).toBe(0);
    const c = await r.render(await spec('/carry 1.7'), 'light');
    expect(c.png.subarray(1, 4).toString()).toBe('PNG');
    expect(r.stats.renders).toBe(1);
    await r.close();
  });

  test('GIVEN a render that fails THEN the text still goes out, with a short localized note', async () => {
    const out = await answer('/carry 1.5', { lang: 'zh' });
    if (!out.ok) throw new Error('expected an answer');
    const broken = { ...out, answer: { ...out.answer, chart: { ...out.answer.chart, series: [{ points: null }] } as unknown as ChartSpec } };
    const errors: unknown[] = [];
    const shown = await present(broken, new ChartRenderer(), 'light', (e) => errors.push(e));
    expect(shown.chart).toBeNull();
    expect(shown.chartFailed).toBe(true);
    expect(shown.text.startsWith(out.answer.text)).toBe(true);
    expect(shown.text).toContain('图表暂时无法生成');
    expect(errors).toHaveLength(1);
  });
});
