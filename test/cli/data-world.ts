/**
 * The real CLI process against fake sources serving the real formats (no FRED_API_KEY): a fresh
 * DATA_DIR per test, this morning as "now". Shared by the default and the deep CLI data tests.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { FakeSources } from '../fakes/sources.js';

const run = promisify(execFile);

/** Starts the fake sources for this file and resets them before each test. */
export function dataCliWorld() {
  const fake = new FakeSources();
  const state = { base: '' };
  beforeAll(async () => {
    state.base = await fake.start();
  });
  afterAll(() => fake.close());
  beforeEach(() => {
    fake.useFixtures();
  });

  async function carrybot(env: Record<string, string>, ...args: string[]) {
    try {
      const r = await run(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js'), ...args], { env: { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '', ...env } });
      return { code: 0, ...r };
    } catch (err) {
      const e = err as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  }

  /** A fresh DATA_DIR, the sources at `root` (default: this file's fake), and this morning as "now". */
  function envFor(root = state.base): Record<string, string> {
    return { ...fake.env(root), DATA_DIR: mkdtempSync(join(tmpdir(), 'carrybot-datacli-')), CARRYBOT_NOW: '2026-12-01T09:00:00Z' };
  }

  const json = async (env: Record<string, string>, line: string) => {
    const r = await carrybot(env, 'ask', line, '--json', '--out', env.DATA_DIR!);
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as { text: string; figures: Record<string, unknown> };
  };

  return { fake, carrybot, envFor, json };
}
