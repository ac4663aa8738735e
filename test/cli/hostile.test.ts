import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { HOSTILE } from '../security/hostile.js';

const bin = `${projectRoot()}/bin/carrybot.js`;

/** The built CLI with `--json`; a run that has not exited after `deadline` ms is killed and reported. */
function ask(line: string, deadline = 10_000): Promise<{ code: number | null; killed: boolean; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'ask', line, '--json'], { timeout: deadline, killSignal: 'SIGKILL', env: { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '' } }, (err, stdout) => {
      const e = err as (Error & { code?: number; killed?: boolean }) | null;
      resolve({ code: e ? (e.code ?? null) : 0, killed: Boolean(e?.killed), stdout });
    });
  });
}

describe('carrybot ask with hostile input (the built binary)', () => {
  // argv cannot carry a NUL byte; the in-process fuzz covers those.
  test.concurrent.each(HOSTILE.filter((h) => !h.includes('\0')).map((h) => [JSON.stringify(h).slice(0, 50), `/carry ${h}`]))('GIVEN %s THEN one JSON answer, the process exits by itself', async (_name, line) => {
    const r = await ask(line);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { error: { code: string; message: string } | null };
    expect(j.error?.code).not.toBe('internal');
  });
});
