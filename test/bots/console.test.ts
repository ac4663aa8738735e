import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { runConsole } from '../../src/bots/console.js';
import { ChartRenderer } from '../../src/charts/renderer.js';
import { MemorySettings } from '../../src/commands/context.js';
import { dataset } from '../helpers.js';

async function session(input: string, override = {}) {
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (d) => (out += String(d)));
  const outDir = mkdtempSync(join(tmpdir(), 'carrybot-out-'));
  const done = runConsole({ dataset: dataset(), settings: new MemorySettings(), input: stdin, output: stdout, override, renderer: new ChartRenderer(), outDir });
  stdin.end(input);
  await done;
  return out;
}

describe('the console', () => {
  test('GIVEN /carry 1.5 typed at the prompt THEN the answer is printed with the path of its PNG chart', async () => {
    const out = await session('/carry 1.5\n', { preset: 'article' });
    expect(out).toContain('CarryBot console (article preset, English)');
    expect(out).toContain('$1.2T of yen carry unwinds');
    const path = /Chart: (.+\.png)/.exec(out)?.[1];
    expect(path && existsSync(path)).toBe(true);
    expect(readFileSync(path!).subarray(1, 4).toString()).toBe('PNG');
  });

  test('GIVEN a text-only command THEN no chart line', async () => {
    const out = await session('/events\n');
    expect(out).toContain('FOMC');
    expect(out).not.toContain('Chart:');
  });

  test('GIVEN /settings lang zh THEN later answers are Chinese, and a bad line does not end the session', async () => {
    const out = await session('/settings lang zh\n/carry 99\n\n/neutral 0.75\n');
    expect(out).toContain('已保存：语言改为中文');
    expect(out).toContain('利差 99 个百分点超出范围');
    expect(out).toContain('日本央行立场宽松');
  });

  test('GIVEN questions in plain words THEN each is answered in its own language with the command understood', async () => {
    const out = await session('what if the spread narrows to 1.5?\n日银加息到1%算中性吗\n/套息 1.5\n1.5\n');
    expect(out).toContain('→ /carry 1.5');
    expect(out).toContain('→ /neutral 1');
    expect(out).toContain('日本央行');
    expect(out).toContain('Which did you mean? /carry 1.5 · /neutral 1.5');
    expect(out).not.toContain('Unknown command');
  });

  test('GIVEN /quit THEN the session ends before later lines', async () => {
    const out = await session('/quit\n/carry 1.5\n');
    expect(out).not.toContain('unwinds');
  });
});
