/** Process start-up: a one-shot `carrybot ask`, and the console until its welcome line. */
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../src/data/paths.js';
import { summarize } from './stats.js';

const bin = () => join(projectRoot(), 'bin', 'carrybot.js');
const env = { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '' };

export function benchAsk(runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(process.execPath, [bin(), 'ask', '/carry 1.5'], { env, stdio: 'pipe' });
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}

/** The console's welcome line, started as `node bin/carrybot.js` or as a newcomer does: `npm start`. */
function consoleReady(how: 'node' | 'npm'): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const child =
      how === 'node'
        ? spawn(process.execPath, [bin()], { env, stdio: ['pipe', 'pipe', 'inherit'] })
        : spawn('npm', ['start', '--silent'], { cwd: projectRoot(), env, stdio: ['pipe', 'pipe', 'inherit'] });
    child.stdout.once('data', () => {
      const took = performance.now() - start;
      child.stdin.end('/quit\n');
      child.on('close', () => resolve(took));
    });
    child.on('error', reject);
  });
}

export async function benchConsole(runs: number, how: 'node' | 'npm' = 'node') {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) samples.push(await consoleReady(how));
  return summarize(samples);
}

export function benchNodeBaseline(runs: number) {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    execFileSync(process.execPath, ['-e', '0'], { stdio: 'pipe' });
    samples.push(performance.now() - start);
  }
  return summarize(samples);
}
