import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { cli } from '../cli.js';

const bin = `${projectRoot()}/bin/carrybot.js`;
const carrybot = (...args: string[]) => cli(args);

describe('carrybot ask (main, as the binary calls it)', () => {
  test('GIVEN --json --lang zh THEN one JSON object with the documented keys and figures', async () => {
    const out = mkdtempSync(join(tmpdir(), 'carrybot-cli-'));
    const r = await carrybot('ask', '/carry 1.5', '--lang', 'zh', '--preset', 'article', '--json', '--out', out);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j).sort()).toEqual(['candidates', 'chart', 'command', 'error', 'figures', 'lang', 'parsed', 'preset', 'text']);
    expect(j.parsed).toBe('/carry 1.5');
    expect(j).toMatchObject({ command: 'carry', lang: 'zh', preset: 'article', error: null, chart: { width: 1280, height: 720 } });
    expect(readFileSync(j.chart.path).subarray(1, 4).toString()).toBe('PNG');
    expect(j.chart.path.startsWith(out)).toBe(true);
    expect(j.figures.spreadPp).toBe(1.5);
    expect(j.figures.unwoundUsd / 1e12).toBeCloseTo(1.2, 6);
    expect(j.figures.repatriatedUsd / 1e12).toBeCloseTo(0.6, 6);
    expect(j.text).toContain('1.2 万亿美元');
  });

  test('GIVEN /neutral and /spread THEN their required figures', async () => {
    const out = mkdtempSync(join(tmpdir(), 'carrybot-cli-'));
    const n = JSON.parse((await carrybot('ask', '/neutral 0.75', '--json', '--out', out)).stdout);
    expect(n.figures).toMatchObject({ ratePct: 0.75, stance: 'accommodative', realRatePct: -2.25, hikesToFloor: 1 });
    const s = JSON.parse((await carrybot('ask', '/spread', '--json', '--out', out)).stdout);
    expect(s.figures).toMatchObject({ us10yPct: 4.14, jp10yPct: 2.07, spreadPp: 2.07 });
  });

  test('GIVEN a user error THEN exit 0 with error {code, message} and no text', async () => {
    const r = await carrybot('ask', '/carry 7', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.error).toEqual({ code: 'range', message: 'Spread 7pp is out of range: give 0pp to 6pp, e.g. /carry 1.5' });
    expect(j.text).toBeNull();
    expect(j.chart).toBeNull();
  });

  test('GIVEN a text-only command THEN chart is null', async () => {
    const j = JSON.parse((await carrybot('ask', '/events', '--json')).stdout);
    expect(j.chart).toBeNull();
    expect(j.text).toContain('FOMC');
  });

  test('GIVEN plain output THEN the text answer', async () => {
    const out = mkdtempSync(join(tmpdir(), 'carrybot-cli-'));
    const r = await carrybot('ask', '/neutral 1.25', '--out', out);
    expect(r.stdout).toContain('At 1.25% the BOJ is neutral');
    expect(r.stdout).toMatch(/Chart: .+neutral-[0-9a-f]{16}\.png/);
  });

  test('GIVEN a question in Chinese THEN a Chinese answer, `parsed` names the command, and the footer shows it', async () => {
    const out = mkdtempSync(join(tmpdir(), 'carrybot-cli-'));
    const j = JSON.parse((await carrybot('ask', '利差收窄到1.5会怎么样', '--preset', 'article', '--json', '--out', out)).stdout);
    expect(j).toMatchObject({ command: 'carry', lang: 'zh', parsed: '/carry 1.5', candidates: null, error: null });
    expect(j.figures.unwoundUsd / 1e12).toBeCloseTo(1.2, 6);
    expect(j.text.split('\n').pop()).toBe('→ /carry 1.5');
    const en = JSON.parse((await carrybot('ask', '利差收窄到1.5会怎么样', '--lang', 'en', '--json', '--out', out)).stdout);
    expect(en).toMatchObject({ lang: 'en', parsed: '/carry 1.5' });
    const q = JSON.parse((await carrybot('ask', 'what if the fed cuts 50 and the boj hikes 25?', '--json', '--out', out)).stdout);
    expect(q).toMatchObject({ command: 'scenario', lang: 'en', parsed: '/scenario -50 25' });
  });

  test('GIVEN a number alone or chatter THEN parsed is null: candidates, or a hint with no slash the user did not type', async () => {
    const a = JSON.parse((await carrybot('ask', '1.5', '--json')).stdout);
    expect(a).toMatchObject({ parsed: null, candidates: ['/carry 1.5', '/neutral 1.5'], text: null, error: { code: 'ambiguous' } });
    const n = JSON.parse((await carrybot('ask', 'what is this', '--json')).stdout);
    expect(n).toMatchObject({ parsed: null, candidates: null, lang: 'en', error: { code: 'notUnderstood' } });
    expect(n.error.message).not.toContain('/what');
    const z = await carrybot('ask', '你好');
    expect(z.code).toBe(0);
    expect(z.stdout).toContain('利差收窄到1.5会怎样');
  });

  test('GIVEN an alert asked in words THEN `parsed` shows the alert line; the console answers that alerts live in chats', async () => {
    const zh = JSON.parse((await carrybot('ask', '利差跌破150个基点提醒我', '--json')).stdout);
    expect(zh).toMatchObject({ command: 'alert', lang: 'zh', parsed: '/alert spread below 1.5', candidates: null, error: { code: 'platformOnly' } });
    const en = JSON.parse((await carrybot('ask', 'ping me when JGB 10y breaks 2%', '--json')).stdout);
    expect(en).toMatchObject({ command: 'alert', lang: 'en', parsed: '/alert jp10y above 2', error: { code: 'platformOnly' } });
    const two = JSON.parse((await carrybot('ask', 'alert me for fed and boj decisions', '--json')).stdout);
    expect(two).toMatchObject({ parsed: null, candidates: ['/alert fomc', '/alert boj'], error: { code: 'ambiguous' } });
  });

  test('GIVEN a bad flag value THEN exit 2 with usage on stderr', async () => {
    const r = await carrybot('ask', '/carry', '--lang', 'fr');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--lang must be en or zh');
  });

  test('GIVEN no token and piped input THEN `carrybot` is the console', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'carrybot-console-'));
    const child = execFile(process.execPath, [bin], { cwd, env: { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '' } });
    let out = '';
    child.stdout!.on('data', (d) => (out += String(d)));
    child.stdin!.end('/neutral 0.75\n');
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(out).toContain('At 0.75% the BOJ is accommodative');
    expect(out).toContain(`Chart: ${join(cwd, 'out')}`);
  });
});
