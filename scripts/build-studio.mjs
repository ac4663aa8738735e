#!/usr/bin/env node
/**
 * Builds the what-if studio's browser bundle (dist/studio/app.js) from src/studio/page/main.ts with
 * esbuild. The page runs the bot's own code — src/model, the command layer, the chart drawing — so
 * its figures are the bot's: Node-only imports are swapped for small browser stand-ins, and the
 * files those loaders read (locales/, the presets, the calendar, the series the charts need) are
 * embedded from this checkout at build time. Run by `npm run build`.
 */
import { build } from 'esbuild';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = join(root, 'src/studio/page');
const out = join(root, 'dist/studio');
/** Where the embedded files live in the page's virtual file system (paths.ts finds package.json there). */
const VROOT = '/carrybot';

/** Every locale file, the JSON data files, and the series the what-if charts draw. */
function embeddedFiles() {
  const files = { [`${VROOT}/package.json`]: '{}' };
  const add = (rel) => {
    const text = readFileSync(join(root, rel), 'utf8');
    files[`${VROOT}/${rel}`] = rel.endsWith('.json') ? JSON.stringify(JSON.parse(text)) : text;
  };
  for (const locale of readdirSync(join(root, 'locales'))) {
    for (const f of readdirSync(join(root, 'locales', locale))) if (f.endsWith('.json')) add(`locales/${locale}/${f}`);
  }
  // Every data file the loader reads (presets, calendar, fact-check, sources, publishers…).
  for (const dir of ['', 'presets/', 'series/']) {
    for (const f of readdirSync(join(root, 'data', dir))) if (f.endsWith('.json')) add(`data/${dir}${f}`);
  }
  // Every shipped series, so figures follow the newest observation as the bot's do; the page draws no
  // long history, so each keeps its header lines and its last two years of rows.
  for (const f of readdirSync(join(root, 'data', 'series'))) {
    if (!f.endsWith('.csv')) continue;
    const lines = readFileSync(join(root, 'data', 'series', f), 'utf8').split('\n');
    const firstRow = lines.findIndex((l) => /^\d|^[A-Z]\d/.test(l));
    const head = firstRow > 0 ? lines.slice(0, firstRow) : lines.slice(0, 1);
    const rows = lines.slice(head.length).filter((l) => l.trim() !== '');
    files[`${VROOT}/data/series/${f}`] = [...head, ...rows.slice(-520)].join('\n') + '\n';
  }
  return files;
}

const shim = (name) => join(page, 'shims', `${name}.ts`);

/** node:* and the canvas/font modules → browser stand-ins; carrybot:vfs → the embedded files. */
const browserShims = {
  name: 'carrybot-browser',
  setup(b) {
    b.onResolve({ filter: /^node:(fs|path|url)$/ }, (a) => ({ path: shim(a.path.slice(5)) }));
    b.onResolve({ filter: /^@napi-rs\/canvas$/ }, () => ({ path: shim('canvas') }));
    b.onResolve({ filter: /^\.\/fonts\.js$/ }, (a) => (a.importer.endsWith(join('src', 'charts', 'draw.ts')) ? { path: shim('fonts') } : undefined));
    // zod ships every language's error messages and re-exports them all; the page needs English only.
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (a) => (/[\\/]zod[\\/]/.test(a.importer) ? { path: 'zod-locales', namespace: 'carrybot-zod' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'carrybot-zod' }, () => ({ contents: `export { default as en } from ${JSON.stringify(join(root, 'node_modules/zod/v4/locales/en.js'))};`, loader: 'js', resolveDir: root }));
    b.onResolve({ filter: /^chart\.js$/ }, (a) => (a.importer === shim('chartjs') ? undefined : { path: shim('chartjs') }));
    b.onResolve({ filter: /^carrybot:vfs$/ }, () => ({ path: 'vfs', namespace: 'carrybot-vfs' }));
    b.onLoad({ filter: /.*/, namespace: 'carrybot-vfs' }, () => ({ contents: `export default ${JSON.stringify(embeddedFiles())};`, loader: 'js' }));
  },
};

export async function buildStudio({ minify = true } = {}) {
  mkdirSync(out, { recursive: true });
  const result = await build({
    entryPoints: [join(page, 'main.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome100', 'safari15'],
    minify,
    sourcemap: false,
    legalComments: 'none',
    outfile: join(out, 'app.js'),
    // The shared loaders find the project root from their own URL; in the page that is the virtual one.
    define: { 'import.meta.url': JSON.stringify(`file://${VROOT}/src/data/paths.js`), 'process.env.NODE_ENV': '"production"' },
    inject: [shim('buffer')],
    plugins: [browserShims],
    metafile: true,
    logLevel: 'warning',
  });
  writeFileSync(join(out, 'page.css'), readFileSync(join(page, 'page.css'), 'utf8'));
  const js = readFileSync(join(out, 'app.js'));
  const css = readFileSync(join(out, 'page.css'));
  const sizes = { js: js.length, jsGzip: gzipSync(js).length, css: css.length, cssGzip: gzipSync(css).length };
  writeFileSync(join(out, 'sizes.json'), `${JSON.stringify(sizes)}\n`);
  return { sizes, metafile: result.metafile, outDir: relative(process.cwd(), out) || '.' };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { sizes, outDir } = await buildStudio({ minify: !process.argv.includes('--dev') });
  console.log(`studio: ${outDir}/app.js ${(sizes.js / 1024).toFixed(0)} KB (${(sizes.jsGzip / 1024).toFixed(0)} KB gzipped)`);
}
