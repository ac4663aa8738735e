/** The studio's server: the CLI verb, platform mode on PORT, the routes, links and initData checks. */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/data/paths.js';
import { studioHandler } from '../../src/studio/server.js';
import { checkInitData, signInitData } from '../../src/studio/share.js';
import { parseStudioQuery, studioUrl } from '../../src/studio/url.js';
import { FakeTelegram } from '../fakes/telegram.js';

const bin = join(projectRoot(), 'bin', 'carrybot.js');
const fake = new FakeTelegram();
afterAll(() => fake.close());

function start(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [bin, ...args], { env: { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '', DATA_REFRESH: 'off', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += String(d)));
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const waitFor = async (re: RegExp, from: () => string, ms = 20_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const m = re.exec(from());
      if (m) return m;
      if (Date.now() > end) throw new Error(`timed out waiting for ${re}; stdout: ${stdout}; stderr: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, out: () => stdout, err: () => stderr, waitFor };
}

describe('npx carrybot studio', () => {
  test('GIVEN --port 0 THEN it prints its URL, serves the page and its gzipped script, and stops on SIGTERM', async () => {
    const p = start(['studio', '--port', '0'], { PUBLIC_URL: 'https://bot.example.org' });
    const [, url] = await p.waitFor(/CarryBot studio: (http:\/\/127\.0\.0\.1:\d+\/studio)\n[^]*Ctrl\+C to stop/, p.out);
    expect(p.out()).toContain('Public URL (PUBLIC_URL): https://bot.example.org/studio');
    const page = await fetch(`${url}?lang=zh`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('情景工作室');
    const src = /src="(studio\/app\.js\?v=\w+)"/.exec(html)![1]!;
    const js = await fetch(new URL(src, url!), { headers: { 'accept-encoding': 'gzip' } });
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(js.headers.get('cache-control')).toContain('immutable');
    expect(Number(js.headers.get('content-length'))).toBeLessThan(250 * 1024);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });
});

describe('platform mode: the studio on the bot’s PORT', () => {
  test('GIVEN TELEGRAM_BOT_TOKEN and PORT THEN GET /studio is served and a signed share is sent through the bot', async () => {
    const apiRoot = await fake.start();
    const token = '987654321:AAE_studio-platform-token_abcdefghijk';
    const p = start([], { TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: apiRoot, PORT: '0', WEBHOOK_HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'carrybot-studio-')), LOG_LEVEL: 'info' });
    const [, port] = await p.waitFor(/"port":(\d+),"msg":"studio listening at \/studio"/, p.err);
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/studio`)).status).toBe(200);
    expect((await fetch(`${base}/nothing`)).status).toBe(404);
    const share = (initData: string) =>
      fetch(`${base}/studio/api/share`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ initData, line: '/neutral 1.25', lang: 'en' }) });
    const fields = { user: JSON.stringify({ id: 4242, first_name: 'Ann' }), auth_date: String(Math.floor(Date.now() / 1000)) };
    expect((await share(signInitData(fields, '111:forged-token-abcdefghijklmnopqrstuvwxyz'))).status).toBe(401);
    const big = await fetch(`${base}/studio/api/share`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ initData: 'x'.repeat(40_000) }) });
    expect(big.status).toBe(413);
    const ok = await share(signInitData(fields, token));
    expect(ok.status).toBe(200);
    const photos = fake.ok('sendPhoto');
    expect(photos).toHaveLength(1);
    expect(Number(photos[0]!.params.chat_id)).toBe(4242);
    expect(String(photos[0]!.params.caption)).toContain('1.25%');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.err()).not.toContain(token.split(':')[1]);
  });
});

describe('routes', () => {
  let server: Server;
  let base: string;
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('GIVEN a shared server THEN the studio answers its own paths and leaves the rest to the next handler', async () => {
    const handle = studioHandler();
    server = createServer((req, res) => {
      if (handle(req, res)) return;
      res.writeHead(418).end('next');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect((await fetch(`${base}/webhook`, { method: 'POST' })).status).toBe(418);
    expect((await fetch(`${base}/studioX`)).status).toBe(418);
    const slash = await fetch(`${base}/studio/?lang=en`, { redirect: 'manual' });
    expect(slash.status).toBe(301);
    expect(slash.headers.get('location')).toBe('/studio?lang=en');
    expect((await fetch(`${base}/studio`, { method: 'POST' })).status).toBe(405);
    expect((await fetch(`${base}/studio/api/share`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).status).toBe(404);
    expect((await fetch(`${base}/studio/nope.js`)).status).toBe(404);
    const page = await fetch(`${base}/studio`, { headers: { 'accept-language': 'zh-CN,zh;q=0.9' } });
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(await page.text()).toContain('lang="zh-CN"');
    const css = await fetch(`${base}/studio/page.css`);
    const again = await fetch(`${base}/studio/page.css`, { headers: { 'if-none-match': css.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });
});

describe('studioUrl (the "Open studio" buttons)', () => {
  test('GIVEN no or a non-https PUBLIC_URL THEN no link', () => {
    expect(studioUrl(undefined)).toBeNull();
    expect(studioUrl('')).toBeNull();
    expect(studioUrl('http://bot.example.org')).toBeNull();
    expect(studioUrl('not a url')).toBeNull();
  });

  test('GIVEN an https PUBLIC_URL THEN /studio under it, with language, preset and the command line', () => {
    expect(studioUrl('https://bot.example.org')).toBe('https://bot.example.org/studio');
    expect(studioUrl('https://bot.example.org/carrybot/', { lang: 'zh', preset: 'article', command: '/carry 1.5' })).toBe(
      'https://bot.example.org/carrybot/studio?lang=zh&preset=article&cmd=%2Fcarry+1.5',
    );
    const q = parseStudioQuery(new URL(studioUrl('https://x.org', { lang: 'en', command: '/scenario -50 50' })!).search);
    expect(q).toEqual({ lang: 'en', cmd: '/scenario -50 50' });
    expect(parseStudioQuery('?lang=fr&preset=nope')).toEqual({});
  });

  test('GIVEN PUBLIC_URL in the configuration THEN https only', () => {
    expect(loadConfig({ PUBLIC_URL: 'https://bot.example.org' }).PUBLIC_URL).toBe('https://bot.example.org');
    expect(loadConfig({}).PUBLIC_URL).toBeUndefined();
    expect(() => loadConfig({ PUBLIC_URL: 'http://bot.example.org' })).toThrow(/PUBLIC_URL/);
  });
});

describe('initData (Telegram Mini App launch data)', () => {
  const token = '123:abc-def-token-abcdefghijklmnopqrstuvwx';
  const now = new Date('2026-12-02T12:00:00Z');
  const at = (secondsAgo: number) => String(now.getTime() / 1000 - secondsAgo);
  const user = JSON.stringify({ id: 99, first_name: 'Ann', language_code: 'zh-hans' });

  test('GIVEN a signature by the bot token within 24 h THEN the user', () => {
    const r = checkInitData(signInitData({ user, auth_date: at(3600), query_id: 'q' }, token), token, { now });
    expect(r).toEqual({ ok: true, user: { id: 99, language_code: 'zh-hans' }, authDate: new Date(now.getTime() - 3600_000) });
  });

  test('GIVEN forged, altered, expired, future, userless or missing data THEN refused with the reason', () => {
    expect(checkInitData(signInitData({ user, auth_date: at(10) }, '456:other-token'), token, { now })).toMatchObject({ ok: false, reason: 'signature' });
    expect(checkInitData(signInitData({ user, auth_date: at(10) }, token).replace('auth_date=', 'auth_date=1'), token, { now })).toMatchObject({ ok: false, reason: 'signature' });
    expect(checkInitData(signInitData({ user, auth_date: at(24 * 3600 + 1) }, token), token, { now })).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkInitData(signInitData({ user, auth_date: at(-3600) }, token), token, { now })).toMatchObject({ ok: false, reason: 'expired' });
    expect(checkInitData(signInitData({ auth_date: at(10) }, token), token, { now })).toMatchObject({ ok: false, reason: 'no-user' });
    expect(checkInitData('', token)).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkInitData(42, token)).toMatchObject({ ok: false, reason: 'missing' });
    expect(checkInitData('user=1&hash=zz', token)).toMatchObject({ ok: false, reason: 'malformed' });
  });
});

describe('studioButtonFor (what the adapters attach)', () => {
  test('GIVEN what-if answers and /help THEN a localized button to the studio on the same line; otherwise none', async () => {
    const { studioButtonFor } = await import('../../src/studio/buttons.js');
    const { answer } = await import('../helpers.js');
    const pub = 'https://bot.example.org';
    expect(studioButtonFor(pub, await answer('/carry 1.5', { lang: 'zh', preset: 'article' }), '/carry 1.5')).toEqual({
      label: '打开情景工作室',
      url: 'https://bot.example.org/studio?lang=zh&preset=article&cmd=%2Fcarry+1.5',
    });
    expect(studioButtonFor(pub, await answer('/help', { lang: 'en' }))).toEqual({ label: 'Open studio', url: 'https://bot.example.org/studio?lang=en&preset=observed' });
    expect(studioButtonFor(pub, await answer('/events'))).toBeNull();
    expect(studioButtonFor(pub, await answer('/carry 9'))).toBeNull();
    expect(studioButtonFor(undefined, await answer('/carry 1.5'))).toBeNull();
  });
});
