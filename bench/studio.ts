/**
 * The what-if studio in headless Chromium (Debian's chromium, playwright-core): the page's size on
 * the wire, time to the first answer (figures and chart), the time of each slider update (input event
 * → every card's figures and the answer text), sweeping each slider across its whole range, and of a
 * chart redraw (at most one per animation frame, however fast the slider moves).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { startStudio, studioAssetsDir } from '../src/studio/server.js';
import { summarize } from './stats.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export interface StudioBench {
  bytes: { html: number; js: number; css: number; total: number };
  firstRender: ReturnType<typeof summarize>;
  update: ReturnType<typeof summarize> & { max: number };
  /** One chart redraw (at most one per frame during a drag). */
  chart: ReturnType<typeof summarize>;
  perSlider: Record<string, ReturnType<typeof summarize>>;
}

/** Sweeps one slider over every step of its range in the page, one update at a time; returns each update's ms. */
const SWEEP = (id: string) => `(async () => {
  const input = document.getElementById('slider-${id}');
  const min = Number(input.min), max = Number(input.max), step = Number(input.step);
  const start = window.__studio.samples.length;
  for (let v = min; v <= max + 1e-9; v += step) {
    const before = window.__studio.updates;
    input.value = String(v);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    while (window.__studio.updates === before) await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  }
  return window.__studio.samples.slice(start);
})()`;

export async function benchStudio(o: { loads: number }): Promise<StudioBench | null> {
  if (!existsSync(CHROMIUM)) return null;
  const dir = studioAssetsDir();
  const gz = (file: string) => gzipSync(readFileSync(join(dir, file)), { level: 9 }).length;
  const studio = await startStudio(0, '127.0.0.1');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    const html = gzipSync(Buffer.from(await (await fetch(studio.url)).text())).length;
    const bytes = { html, js: gz('app.js'), css: gz('page.css'), total: 0 };
    bytes.total = bytes.html + bytes.js + bytes.css;

    const first: number[] = [];
    for (let i = 0; i < o.loads; i++) {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } }); // a cold cache each time
      const page = await context.newPage();
      await page.goto(`${studio.url}?lang=${i % 2 ? 'zh' : 'en'}`);
      await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
      first.push(await page.evaluate<number>('window.__studio.firstRenderMs'));
      await context.close();
    }

    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await page.goto(`${studio.url}?lang=en&preset=article`);
    await page.waitForSelector('html[data-ready="true"]', { timeout: 20_000 });
    const perSlider: StudioBench['perSlider'] = {};
    const all: number[] = [];
    for (const id of ['spread', 'cut', 'boj', 'step']) {
      const samples = await page.evaluate<number[]>(SWEEP(id));
      perSlider[id] = summarize(samples);
      all.push(...samples);
    }
    const chart = summarize(await page.evaluate<number[]>('window.__studio.chartSamples'));
    return { bytes, firstRender: summarize(first), update: { ...summarize(all), max: Math.max(...all) }, chart, perSlider };
  } finally {
    await browser.close();
    await studio.close();
  }
}
