/**
 * The what-if studio in a real browser: Debian's headless Chromium driven by playwright-core, the
 * page served by the real studio server, its figures compared with the real `carrybot ask --json`.
 */
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { startStudio, type RunningStudio } from '../../src/studio/server.js';
import { signInitData, telegramShareSender } from '../../src/studio/share.js';
import { loadDataset } from '../../src/data/dataset.js';
import { dataset } from '../helpers.js';
import { FakeTelegram } from '../fakes/telegram.js';
import { cli } from '../cli.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TOKEN = '123456:studio-test-token-abcdefghijklmnopqrstuv';
const CARDS = ['carry', 'liquidity', 'neutral', 'debt', 'path'] as const;


/** `carrybot ask LINE --json`, through the CLI's main() as the binary calls it. */
async function ask(line: string, lang: 'en' | 'zh', preset: 'observed' | 'article', dataDir = `${projectRoot()}/out/studio-test-data`) {
  const { stdout } = await cli(['ask', line, '--lang', lang, '--preset', preset, '--json', '--out', `${projectRoot()}/out/studio-test`], { DATA_DIR: dataDir });
  return JSON.parse(stdout) as { text: string; figures: Record<string, unknown>; error: unknown };
}

async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

let browser: Browser;
let studio: RunningStudio;
const telegram = new FakeTelegram();

beforeAll(async () => {
  const apiRoot = await telegram.start();
  browser = await launchChromium();
  studio = await startStudio(0, '127.0.0.1', {
    share: { botToken: TOKEN, dataset: dataset(), send: await telegramShareSender({ token: TOKEN, apiRoot }) },
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await studio?.close();
  await telegram.close();
});

interface Opened {
  page: Page;
  errors: string[];
}

async function open(query = '', hash = '', base = studio.url): Promise<Opened> {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${base}${query}${hash}`);
  await until(page, 'window.__studio?.ready === true', 15_000);
  return { page, errors };
}

/** Polls an expression in the page (page.waitForFunction would evaluate a string, which the page's CSP forbids). */
async function until(page: Page, expr: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await page.evaluate<boolean>(expr))) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${expr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Moves a slider the way a drag does: a new value and an input event, then waits for the page's update. */
async function setSlider(page: Page, id: string, value: number): Promise<void> {
  const before = await page.evaluate<number>('window.__studio.updates');
  await page.locator(`#slider-${id}`).fill(String(value));
  await until(page, `window.__studio.updates > ${before}`);
}

const cardFigures = async (page: Page, card: string) => JSON.parse((await page.locator(`article[data-command="${card}"]`).getAttribute('data-figures'))!) as Record<string, unknown>;
const cardLine = async (page: Page, card: string) => (await page.locator(`article[data-command="${card}"]`).getAttribute('data-line'))!;
const shown = async (page: Page, card: string, figure: string) => (await page.locator(`article[data-command="${card}"] dd[data-figure="${figure}"]`).textContent())!.trim();
/** The chart's pixels once the redraw that follows the last update has run. */
async function chartPixels(page: Page): Promise<string> {
  await until(page, `window.__studio.charts > 0 && !document.hidden`);
  await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))');
  return page.evaluate<string>("document.getElementById('chart').toDataURL()");
}

describe('the studio in headless Chromium (390×844)', { timeout: 120_000 }, () => {
  test('GIVEN the article preset WHEN the spread slider is set to 1.5 THEN $1.2T unwound, and every card equals carrybot ask --json', async () => {
    const { page, errors } = await open('?lang=en&preset=article');
    await setSlider(page, 'spread', 2);
    const chartBefore = await chartPixels(page);
    await setSlider(page, 'spread', 1.5);
    expect(await shown(page, 'carry', 'unwoundUsd')).toBe('$1.2T');
    expect(await shown(page, 'carry', 'repatriatedUsd')).toBe('$600B');
    expect(await chartPixels(page)).not.toBe(chartBefore);
    expect(await cardLine(page, 'carry')).toBe('/carry 1.5');
    for (const card of CARDS) {
      const line = await cardLine(page, card);
      const cli = await ask(line, 'en', 'article');
      expect(await cardFigures(page, card), line).toEqual(cli.figures);
    }
    // The answer under the chart is the bot's text for the same line.
    expect(await page.locator('#active-line').textContent()).toBe('/carry 1.5');
    expect(await page.locator('#answer').textContent()).toBe((await ask('/carry 1.5', 'en', 'article')).text);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('GIVEN the observed preset WHEN the spread is 1.5 and the other sliders move THEN the figures are the CLI’s for each line', async () => {
    const { page, errors } = await open('?lang=en&preset=observed');
    await setSlider(page, 'spread', 1.5);
    const cli = await ask('/carry 1.5', 'en', 'observed');
    expect(await cardFigures(page, 'carry')).toEqual(cli.figures);
    expect(await shown(page, 'carry', 'unwoundUsd')).toBe('$1.2T');
    await setSlider(page, 'cut', 75);
    await setSlider(page, 'boj', 1.5);
    await setSlider(page, 'step', 50);
    expect(await cardLine(page, 'liquidity')).toBe('/liquidity 75 0 1.5');
    expect(await cardLine(page, 'debt')).toBe('/debt 1.5');
    expect(await cardLine(page, 'path')).toBe('/path 50');
    for (const card of CARDS) {
      const line = await cardLine(page, card);
      expect(await cardFigures(page, card), line).toEqual((await ask(line, 'en', 'observed')).figures);
    }
    // The preset switch reruns every card in the other preset.
    await page.locator('label[for="preset-article"]').click();
    await until(page, `JSON.parse(document.querySelector('article[data-command="carry"]').dataset.figures).preset === 'article'`);
    expect(await cardFigures(page, 'liquidity')).toEqual((await ask('/liquidity 75 0 1.5', 'en', 'article')).figures);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('GIVEN zh THEN Chinese labels and numbers, the CLI’s Chinese answer, and the same figures', async () => {
    const { page, errors } = await open('?lang=zh&preset=article');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    expect(await page.locator('label[for="slider-spread"]').textContent()).toBe('美日 10 年期利差');
    await setSlider(page, 'spread', 1.5);
    expect(await shown(page, 'carry', 'unwoundUsd')).toBe('1.2 万亿美元');
    const cli = await ask('/carry 1.5', 'zh', 'article');
    expect(await cardFigures(page, 'carry')).toEqual(cli.figures);
    expect(await page.locator('#answer').textContent()).toBe(cli.text);
    // Switching language in the page keeps the scenario.
    await page.locator('label[for="lang-en"]').click();
    await until(page, "document.documentElement.lang === 'en'");
    expect(await shown(page, 'carry', 'unwoundUsd')).toBe('$1.2T');
    expect(errors).toEqual([]);
    await page.close();
  });

  test('GIVEN only a keyboard THEN each slider has a visible label, arrow keys move it, and the figures follow', async () => {
    const { page, errors } = await open('?lang=en&preset=article');
    for (const id of ['spread', 'cut', 'boj', 'step']) {
      const label = page.locator(`label[for="slider-${id}"]`);
      expect(await label.isVisible()).toBe(true);
      expect((await label.textContent())!.length).toBeGreaterThan(3);
      expect(await page.locator(`#slider-${id}`).getAttribute('type')).toBe('range');
    }
    await page.locator('#slider-spread').focus();
    const before = await page.evaluate<number>('window.__studio.updates');
    await page.keyboard.press('ArrowLeft');
    await until(page, `window.__studio.updates > ${before}`);
    expect(await page.locator('#slider-spread').inputValue()).toBe('1.45');
    expect(await page.locator('#slider-spread').getAttribute('aria-valuetext')).toBe('1.45pp');
    expect(await cardLine(page, 'carry')).toBe('/carry 1.45');
    expect(await cardFigures(page, 'carry')).toEqual((await ask('/carry 1.45', 'en', 'article')).figures);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('GIVEN a link from an answer (?cmd=) THEN the page opens on that scenario', async () => {
    const { page } = await open(`?lang=en&preset=article&cmd=${encodeURIComponent('/debt 1.25')}`);
    expect(await page.locator('#slider-boj').inputValue()).toBe('1.25');
    expect(await page.locator('#active-line').textContent()).toBe('/debt 1.25');
    expect(await cardFigures(page, 'debt')).toEqual((await ask('/debt 1.25', 'en', 'article')).figures);
    await page.close();
  });

  test('GIVEN a screenshot at 390×844 THEN the chart canvas is drawn (not blank) and the page fits the width', async () => {
    const { page, errors } = await open('?lang=en&preset=article');
    await setSlider(page, 'spread', 1.5);
    await page.screenshot({ path: `${projectRoot()}/out/studio-390x844.png` });
    const png = await page.locator('#chart').screenshot();
    const img = await loadImage(png);
    const canvas = createCanvas(img.width, img.height);
    const ctx = canvas.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const { data } = ctx.getImageData(0, 0, img.width, img.height);
    const colours = new Set<number>();
    let differing = 0;
    const [r0, g0, b0] = [data[0]!, data[1]!, data[2]!];
    for (let i = 0; i < data.length; i += 4) {
      colours.add((data[i]! << 16) | (data[i + 1]! << 8) | data[i + 2]!);
      if (Math.abs(data[i]! - r0) + Math.abs(data[i + 1]! - g0) + Math.abs(data[i + 2]! - b0) > 60) differing++;
    }
    expect(img.width).toBeGreaterThan(300);
    expect(colours.size).toBeGreaterThan(20);
    expect(differing / (data.length / 4)).toBeGreaterThan(0.02);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    const timing = await page.evaluate<{ firstRenderMs: number }>('window.__studio');
    expect(timing.firstRenderMs).toBeLessThan(5000); // a sanity bound; the bench measures it (target ≤ 1 s)
    expect(errors).toEqual([]);
    await page.close();
  });

  test('GIVEN Telegram dark theme parameters THEN the page and the chart use the dark theme', async () => {
    const theme = encodeURIComponent(JSON.stringify({ bg_color: '#17212b', text_color: '#f5f5f5', button_color: '#5288c1', button_text_color: '#ffffff' }));
    const { page, errors } = await open('?lang=en', `#tgWebAppVersion=8.0&tgWebAppPlatform=web&tgWebAppThemeParams=${theme}`);
    expect(await page.evaluate<string>('document.documentElement.dataset.theme')).toBe('dark');
    expect(await page.evaluate<string>('getComputedStyle(document.body).backgroundColor')).toBe('rgb(23, 33, 43)');
    await chartPixels(page);
    // The chart is drawn in the bots' dark palette (the Discord look, src/charts/theme.ts).
    expect(await page.evaluate<string>("Array.from(document.getElementById('chart').getContext('2d').getImageData(4, 4, 1, 1).data).slice(0, 3).join(',')")).toBe('43,45,49');
    // No initData outside a real launch: no share button.
    expect(await page.locator('#share').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('refreshed data', { timeout: 120_000 }, () => {
  test('GIVEN a DATA_DIR with newer observations THEN the page’s observed figures follow them, as the CLI’s do', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'carrybot-studio-data-'));
    mkdirSync(join(dataDir, 'series'));
    writeFileSync(join(dataDir, 'series', 'DGS10.csv'), 'date,value\n2026-11-20,4.31\n2026-11-23,4.35\n');
    const refreshed = await startStudio(0, '127.0.0.1', { dataset: loadDataset(undefined, { overlayDir: dataDir }) });
    try {
      const { page, errors } = await open('?lang=en&preset=observed', '', refreshed.url);
      await setSlider(page, 'spread', 1.5);
      const figures = await cardFigures(page, 'carry');
      // US 10y 4.35 (refreshed) less the newest shipped JGB 10y (2.07 on 30 Dec 2025).
      expect(figures).toMatchObject({ currentSpreadPp: 2.28, dataAsOf: '2026-11-23' });
      expect(figures).toEqual((await ask('/carry 1.5', 'en', 'observed', dataDir)).figures);
      expect(errors).toEqual([]);
      await page.close();
    } finally {
      await refreshed.close();
    }
  });
});

describe('Send to chat (POST /studio/api/share)', { timeout: 120_000 }, () => {
  const shareUrl = () => studio.url.replace(/\/studio$/, '/studio/api/share');
  const post = (body: unknown) => fetch(shareUrl(), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const signed = (o: { userId?: number; authDate?: number; token?: string } = {}) =>
    signInitData(
      {
        query_id: 'AAHdF6IQAAAAAN0XohDhrOrc',
        user: JSON.stringify({ id: o.userId ?? 5551234, first_name: 'Ann', language_code: 'en' }),
        auth_date: String(o.authDate ?? Math.floor(Date.now() / 1000)),
      },
      o.token ?? TOKEN,
    );

  test('GIVEN forged, expired or missing initData THEN 401 and nothing is sent', async () => {
    const before = telegram.calls.length;
    const forged = signed({ token: '999999:someone-elses-token-abcdefghijklmnopq' });
    const tampered = signed().replace('Ann', 'Bob');
    const expired = signed({ authDate: Math.floor(Date.now() / 1000) - 25 * 3600 });
    for (const initData of [forged, tampered, expired, '', undefined, 'hash=abc']) {
      const res = await post({ initData, line: '/carry 1.5' });
      expect(res.status, String(initData)).toBe(401);
    }
    // Each 401 was answered after the request was refused: nothing can still be on its way.
    expect(telegram.calls.length).toBe(before);
  });

  test('GIVEN valid initData and a bad line THEN 400 with the localized error, nothing sent', async () => {
    const before = telegram.calls.length;
    const res = await post({ initData: signed(), line: '/carry 9' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toContain('out of range');
    expect(telegram.calls.length).toBe(before);
  });

  test('GIVEN the page inside Telegram with valid initData WHEN "Send to chat" is tapped THEN one photo goes to the user’s chat', async () => {
    const userId = 7_000_001;
    const before = telegram.ok('sendPhoto').length;
    const initData = signed({ userId });
    const { page, errors } = await open('?lang=en&preset=article', `#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0&tgWebAppPlatform=web`);
    await setSlider(page, 'spread', 1.5);
    await page.locator('#share').click();
    await until(page, "document.querySelector('.share-status')?.textContent === 'Sent to your chat with the bot.'", 15_000);
    const photos = telegram.ok('sendPhoto').slice(before);
    expect(photos).toHaveLength(1);
    expect(Number(photos[0]!.params.chat_id)).toBe(userId);
    expect(String(photos[0]!.params.caption)).toContain('$1.2T');
    expect(errors).toEqual([]);
    await page.close();
  });
});
