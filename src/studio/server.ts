/**
 * Serves the what-if studio: GET /studio (the page), /studio/app.js and /studio/page.css (built by
 * `npm run build` into dist/studio), and POST /studio/api/share (Telegram "Send to chat").
 *
 * `studioHandler` answers the requests that are its own and returns false for the rest, so the same
 * HTTP server can also carry the Telegram webhook and anything else; `startStudio` is a server of its own.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { toFredCsv } from '../data/csv.js';
import type { Dataset } from '../data/dataset.js';
import { projectRoot } from '../data/paths.js';
import { tFor } from '../i18n/index.js';
import { shareHandler, type ShareOptions } from './share.js';
import { parseStudioQuery, STUDIO_PATH } from './url.js';

interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  etag: string;
}

export function studioAssetsDir(): string {
  return join(projectRoot(), 'dist', 'studio');
}

function asset(dir: string, file: string, type: string): Asset {
  const body = readFileSync(join(dir, file));
  return { body, gzip: gzipSync(body, { level: 9 }), type, etag: `"${createHash('sha256').update(body).digest('hex').slice(0, 16)}"` };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The page shell: the script builds everything else (in the language the query or Telegram asks for). */
export function pageHtml(lang: 'en' | 'zh', v: { js: string; css: string }): string {
  const t = tFor(lang);
  return `<!doctype html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="color-scheme" content="light dark">
<link rel="icon" href="data:,">
<title>${escapeHtml(t('studio:title'))} · CarryBot</title>
<link rel="stylesheet" href="studio/page.css?v=${v.css}">
<script type="module" src="studio/app.js?v=${v.js}"></script>
</head>
<body>
<main id="app" aria-busy="true"><noscript><p>${escapeHtml(t('studio:noscript'))}</p></noscript></main>
</body>
</html>
`;
}

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Telegram Web shows Mini Apps in an iframe, so framing stays allowed.
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'none'",
};

export interface StudioOptions {
  /** Where app.js and page.css are (default dist/studio). */
  assetsDir?: string;
  /** Enables POST /studio/api/share (Telegram only: needs the bot token and a sender). */
  share?: ShareOptions | null;
  /** The bot's dataset: the page gets its refreshed observations (GET /studio/overlay.json), so its observed figures are the bot's. */
  dataset?: Dataset;
}

/** Series the page draws in full (the /neutral chart); of every other series only the last refreshed point moves a figure. */
const FULL_SERIES = new Set(['BOJRATE']);

/**
 * The refreshed observations the page needs, as the FRED-format files the dataset reads from
 * DATA_DIR/series: the last point of each refreshed series (what the observed preset follows), and
 * the whole overlay of the series the page charts. Empty on a machine with shipped data only.
 */
export function overlayFor(dataset: Dataset): Record<string, string> {
  const out: Record<string, string> = {};
  for (const id of Object.keys(dataset.seriesInfo)) {
    const points = dataset.refreshedSeries(id);
    if (points.length === 0) continue;
    out[id] = toFredCsv(FULL_SERIES.has(id) ? points : points.slice(-1));
  }
  return out;
}

export type StudioHandler = (req: IncomingMessage, res: ServerResponse) => boolean;

/** A request handler for the studio's routes; returns false (and leaves res alone) for any other path. */
export function studioHandler(o: StudioOptions = {}): StudioHandler {
  const dir = o.assetsDir ?? studioAssetsDir();
  let assets: { js: Asset; css: Asset } | null = null;
  let missing: string | null = null;
  try {
    assets = { js: asset(dir, 'app.js', 'text/javascript; charset=utf-8'), css: asset(dir, 'page.css', 'text/css; charset=utf-8') };
  } catch (err) {
    missing = `${(err as Error).message} (build the studio with \`npm run build\`)`;
  }
  const share = o.share ? shareHandler(o.share) : null;
  const pages = new Map<string, Buffer>();

  const send = (req: IncomingMessage, res: ServerResponse, a: Asset, cache: string) => {
    if (req.headers['if-none-match'] === a.etag) {
      res.writeHead(304, { etag: a.etag, 'cache-control': cache });
      return res.end();
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? a.gzip : a.body;
    res.writeHead(200, {
      'content-type': a.type,
      'content-length': body.length,
      etag: a.etag,
      'cache-control': cache,
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
      ...SECURITY_HEADERS,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  };

  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://studio.invalid');
    const path = url.pathname;
    if (path !== STUDIO_PATH && !path.startsWith(`${STUDIO_PATH}/`)) return false;
    const get = req.method === 'GET' || req.method === 'HEAD';

    if (path === `${STUDIO_PATH}/api/share`) {
      if (req.method !== 'POST') {
        res.writeHead(405, { allow: 'POST', 'content-type': 'text/plain' }).end('method not allowed');
      } else if (!share) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":"sharing needs TELEGRAM_BOT_TOKEN"}');
      } else void share(req, res);
      return true;
    }
    if (!get) {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed');
      return true;
    }
    if (path === `${STUDIO_PATH}/`) {
      res.writeHead(301, { location: `${STUDIO_PATH}${url.search}` }).end();
      return true;
    }
    if (!assets) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' }).end(`studio not available: ${missing}`);
      return true;
    }
    if (path === STUDIO_PATH) {
      const lang = parseStudioQuery(url.search).lang ?? (/^zh\b/i.test(String(req.headers['accept-language'] ?? '')) ? 'zh' : 'en');
      let page = pages.get(lang);
      if (!page) pages.set(lang, (page = Buffer.from(pageHtml(lang, { js: assets.js.etag.slice(1, 9), css: assets.css.etag.slice(1, 9) }))));
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length, 'cache-control': 'no-cache', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : page);
      return true;
    }
    if (path === `${STUDIO_PATH}/overlay.json`) {
      const body = JSON.stringify({ series: o.dataset ? overlayFor(o.dataset) : {} });
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache', ...SECURITY_HEADERS });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    }
    const immutable = url.searchParams.has('v') ? 'public, max-age=31536000, immutable' : 'no-cache';
    if (path === `${STUDIO_PATH}/app.js`) send(req, res, assets.js, immutable);
    else if (path === `${STUDIO_PATH}/page.css`) send(req, res, assets.css, immutable);
    else res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    return true;
  };
}

export interface RunningStudio {
  port: number;
  /** http://host:port/studio */
  url: string;
  close(): Promise<void>;
}

/** A server of its own for the studio (the CLI verb; platform mode without a webhook). */
export async function startStudio(port: number, host: string, o: StudioOptions = {}): Promise<RunningStudio> {
  const handle = studioHandler(o);
  const server: Server = createServer((req, res) => {
    if (handle(req, res)) return;
    if (req.url === '/' || req.url === '') {
      res.writeHead(302, { location: STUDIO_PATH }).end();
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = (server.address() as AddressInfo).port;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    port: bound,
    url: `http://${shown}:${bound}${STUDIO_PATH}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
