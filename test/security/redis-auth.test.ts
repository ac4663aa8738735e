import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { secretsOf } from '../../src/cli/process.js';
import type { Config } from '../../src/config.js';
import { projectRoot } from '../../src/data/paths.js';
import { createLogger } from '../../src/log.js';

/** A password with the characters a URL must escape: `@` and `%` (and `/`, `:`). */
const PASSWORD = 'p@ss%w0rd/x:y-Wr0ng';
const ENCODED = encodeURIComponent(PASSWORD);

let server: ChildProcess;
let port: number;

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return p;
}

function answers(p: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(p, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

beforeAll(async () => {
  port = await freePort();
  // Our own server (never the shared one), with a password the client does not have.
  server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--requirepass', 'the-right-one'], { stdio: 'ignore' });
  for (let i = 0; !(await answers(port)); i++) {
    if (i > 100) throw new Error(`our redis-server on ${port} never answered`);
    await new Promise((r) => setTimeout(r, 100));
  }
});
afterAll(() => {
  server?.kill('SIGTERM');
});

const url = () => `redis://:${ENCODED}@127.0.0.1:${port}`;

describe('the Redis password never reaches a log', () => {
  test('GIVEN an AUTH failure logged with its error THEN neither the decoded nor the encoded password is in the line', async () => {
    const lines: string[] = [];
    const logger = createLogger({ secrets: secretsOf({ REDIS_URL: url() } as Config), destination: new Writable({ write: (c, _e, done) => (lines.push(String(c)), done()) }) });
    const client = new Redis(url(), { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    // The server's refusal, as ioredis reports it: a ReplyError that carries the AUTH command's arguments.
    const refused = new Promise<unknown>((resolve) => client.once('error', resolve));
    await client.connect().catch(() => undefined);
    const err = await refused;
    client.disconnect();
    expect((err as { command?: { args?: unknown[] } }).command?.args).toContain(PASSWORD);
    expect(String(err)).toMatch(/WRONGPASS|invalid password/i);
    logger.error({ err }, 'redis failed');
    const text = lines.join('');
    expect(text).toContain('redis failed');
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toContain(ENCODED);
    expect(text).not.toContain('p@ss');
  });

  test('GIVEN the bot started with a wrong Redis password THEN it stops with one line that holds neither form of it', async () => {
    const bin = `${projectRoot()}/bin/carrybot.js`;
    const env = { ...process.env, REDIS_URL: url(), TELEGRAM_BOT_TOKEN: '5150:AAE_redis-auth-test-token_abcdefghijk', TELEGRAM_API_ROOT: 'http://127.0.0.1:9', DISCORD_TOKEN: '', LOG_LEVEL: 'debug' };
    const r = await new Promise<{ code: number | null; out: string }>((resolve) => {
      execFile(process.execPath, [bin], { env, timeout: 30_000, killSignal: 'SIGKILL' }, (e, stdout, stderr) => resolve({ code: (e as { code?: number } | null)?.code ?? 0, out: stdout + stderr }));
    });
    expect(r.code).not.toBe(0);
    expect(r.out).toContain('redis');
    expect(r.out).not.toContain(PASSWORD);
    expect(r.out).not.toContain(ENCODED);
  });
});
