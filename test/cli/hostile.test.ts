import { execFile } from 'node:child_process';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../../src/data/paths.js';
import { HOSTILE } from '../security/hostile.js';

const bin = `${projectRoot()}/bin/carrybot.js`;

/**
 * The built CLI with `--json`; a run that has not exited after `deadline` ms is killed and reported.
 * The deadline catches a hang, not slowness: it is generous, so a busy machine does not fail it.
 */
function ask(line: string, deadline = 60_000): Promise<{ code: number | null; killed: boolean; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'ask', line, '--json'], { timeout: deadline, killSignal: 'SIGKILL', env: { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '' } }, (err, stdout) => {
      const e = err as (Error & { code?: number; killed?: boolean }) | null;
      resolve({ code: e ? (e.code ?? null) : 0, killed: Boolean(e?.killed), stdout });
    });
  });
}

/** One process per input: `npm test` starts every sixth (the in-process fuzz sees them all), `npm run test:deep` all of them. */
const DEEP = process.env.CARRYBOT_DEEP === '1';
// argv cannot carry a NUL byte; the in-process fuzz covers those.
const inputs = HOSTILE.filter((h) => !h.includes('\0')).filter((_h, i) => DEEP || i % 6 === 0);

describe('carrybot ask with hostile input (the built binary)', () => {
  test.concurrent.each(inputs.map((h) => [JSON.stringify(h).slice(0, 50), `/carry ${h}`]))('GIVEN %s THEN one JSON answer, the process exits by itself', { timeout: 90_000 }, async (_name, line) => {
    const r = await ask(line);
    expect(r.killed).toBe(false);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { error: { code: string; message: string } | null };
    expect(j.error?.code).not.toBe('internal');
  });
});
