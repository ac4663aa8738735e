/**
 * `carrybot …` run in-process through the same `main(argv, io)` the binary calls (bin/carrybot.js
 * only loads dist/ and calls it): stdout and stderr captured, the environment of a machine with no
 * platform token plus `env`. Tests about the process itself (exit by itself, stdin, signals) spawn
 * the binary instead (test/cli/start, hostile, data).
 */
import { PassThrough } from 'node:stream';
import { main } from '../src/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function cli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const collect = () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
  };
  const out = collect();
  const err = collect();
  const stdin = new PassThrough();
  stdin.end();
  const code = await main(args, { stdin, stdout: out.stream, stderr: err.stream, env: { ...process.env, DISCORD_TOKEN: '', TELEGRAM_BOT_TOKEN: '', ...env } });
  return { code, stdout: out.text(), stderr: err.text() };
}
