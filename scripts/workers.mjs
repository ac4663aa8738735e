#!/usr/bin/env node
/**
 * `npm run workers -- 3`: starts N briefing workers (`carrybot worker`) against a local Redis, with
 * the environment of this shell (TELEGRAM_BOT_TOKEN …; REDIS_URL defaults to redis://127.0.0.1:6379).
 * Ctrl+C stops them all.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 3);
if (!Number.isInteger(count) || count < 1 || count > 64) {
  console.error('usage: npm run workers -- <count 1..64>');
  process.exit(2);
}
const bin = fileURLToPath(new URL('../bin/carrybot.js', import.meta.url));
const env = { ...process.env, REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
const children = Array.from({ length: count }, (_, i) => {
  const child = spawn(process.execPath, [bin, 'worker'], { env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.on('exit', (code, signal) => console.error(`worker ${i + 1} (pid ${child.pid}) exited: ${signal ?? code}`));
  return child;
});
console.error(`started ${count} briefing worker(s) on ${env.REDIS_URL}`);
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const c of children) c.kill('SIGTERM');
  });
}
await Promise.all(children.map((c) => new Promise((r) => c.on('close', r))));
