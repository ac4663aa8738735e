/**
 * Load: 200 users each sending a mixed command every few seconds to the real `carrybot` process
 * (a child process, long polling a fake Bot API on 127.0.0.1) for 60 s. Reports answered latency
 * from update to reply, errors, dropped updates and the bot's peak RSS.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeTelegram } from '../test/fakes/telegram.js';
import { projectRoot } from '../src/data/paths.js';
import { summarize } from './stats.js';

const MIX = ['/carry 1.5', '/carry 1.25', '/carry 2', '/neutral 0.75', '/neutral 1.25', '/spread', '/liquidity 25 12', '/debt 1 10', '/path', '/scenario -50 50', '/factcheck', '/brief', '/events', '/help', '/carry 9', '/neutral abc'];

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise((r) => srv.close(r));
  return port;
}

export interface RssSample {
  atS: number;
  rss: number;
  /** The bot's own view (GET /health): V8 heap in use / allocated and memory outside it, MB. */
  heap?: { heapUsedMb: number; heapTotalMb: number; externalMb: number; arrayBuffersMb: number };
  /** Charts drawn so far (cache misses) and the charts cached. */
  charts?: { renders: number; cached: number };
}

export async function benchLoad(o: { users: number; seconds: number; thinkMs: number; rssEveryMs?: number; onRss?: (sample: RssSample) => void }) {
  const healthPort = o.rssEveryMs ? await freePort() : undefined;
  const fake = new FakeTelegram();
  fake.recordCalls = false;
  const apiRoot = await fake.start();
  const child = spawn(process.execPath, [join(projectRoot(), 'bin', 'carrybot.js')], {
    env: { ...process.env, TELEGRAM_BOT_TOKEN: '9999:AAE_load-test-token_abcdefghijklmnopqr', TELEGRAM_API_ROOT: apiRoot, DISCORD_TOKEN: '', DATA_DIR: mkdtempSync(join(tmpdir(), 'carrybot-load-')), DATA_REFRESH: 'off', LOG_LEVEL: 'warn', ...(healthPort ? { HEALTH_PORT: String(healthPort) } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr!.resume();
  let polling = false;
  fake.onCall = (method) => {
    if (method === 'getUpdates') polling = true;
  };
  while (!polling) {
    await new Promise((r) => setTimeout(r, 100));
    if (child.exitCode !== null) throw new Error('bot exited');
  }
  const pending = new Map<number, number>();
  const latencies: number[] = [];
  let sent = 0;
  let errors = 0;
  let stopAt = Infinity;
  const timers = new Set<NodeJS.Timeout>();
  const ask = (user: number) => {
    if (Date.now() >= stopAt || user === 1 && sent > 0) return;
    pending.set(user, performance.now());
    sent++;
    fake.message(MIX[(user + sent) % MIX.length]!, { userId: user, lang: user % 2 ? 'zh' : 'en' });
  };
  fake.onCall = (method, params) => {
    if (method !== 'sendPhoto' && method !== 'sendMessage') return;
    const user = Number(params.chat_id);
    const started = pending.get(user);
    if (started === undefined) return;
    pending.delete(user);
    latencies.push(performance.now() - started);
    if (/went wrong|出了点问题/.test(String(params.caption ?? params.text))) errors++;
    const t = setTimeout(() => {
      timers.delete(t);
      ask(user);
    }, o.thinkMs * (0.5 + Math.random()));
    timers.add(t);
  };
  // Warm-up: one charted answer first, so fonts loading is not counted as latency.
  ask(1);
  while (pending.size) await new Promise((r) => setTimeout(r, 50));
  for (const t of timers) clearTimeout(t);
  latencies.length = 0;
  sent = 0;
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssOf(child.pid!))), 100);
  const rssSamples: RssSample[] = [];
  const began = Date.now();
  const minutely = o.rssEveryMs
    ? setInterval(async () => {
        const sample: RssSample = { atS: Math.round((Date.now() - began) / 1000), rss: rssOf(child.pid!) };
        rssSamples.push(sample);
        try {
          const health = (await (await fetch(`http://127.0.0.1:${healthPort}/health`)).json()) as { memory: RssSample['heap']; charts?: RssSample['charts'] };
          sample.heap = health.memory;
          sample.charts = health.charts;
        } catch {
          // the figure is optional
        }
        o.onRss?.(sample);
      }, o.rssEveryMs)
    : undefined;
  stopAt = Date.now() + o.seconds * 1000;
  for (let u = 0; u < o.users; u++) setTimeout(() => ask(10_000 + u), Math.random() * o.thinkMs);
  await new Promise((r) => setTimeout(r, o.seconds * 1000));
  const drainUntil = Date.now() + 15_000;
  while (pending.size && Date.now() < drainUntil) await new Promise((r) => setTimeout(r, 100));
  clearInterval(sampler);
  clearInterval(minutely);
  for (const t of timers) clearTimeout(t);
  const dropped = pending.size;
  child.kill('SIGTERM');
  await new Promise((r) => child.on('close', r));
  await fake.close();
  const s = summarize(latencies);
  return { users: o.users, seconds: o.seconds, sent, answered: latencies.length, perSecond: latencies.length / o.seconds, p50: s.p50, p99: s.p99, errors, dropped, peakRss: peak, limited: fake.limited, rssSamples };
}
