import { makeContext, MemorySettings } from '../src/commands/context.js';
import { execute, type Outcome } from '../src/commands/run.js';
import type { ChatSettings, SettingsStore } from '../src/commands/types.js';
import { loadDataset, type Dataset } from '../src/data/dataset.js';

let shared: Dataset | undefined;
export const dataset = (): Dataset => (shared ??= loadDataset());

/** A fixed clock: the product's "today" in these tests. */
export const NOW = new Date('2026-11-23T09:00:00Z');

export async function answer(
  line: string,
  o: ChatSettings & { now?: Date; settings?: SettingsStore; chatId?: string } = {},
): Promise<Outcome> {
  const { now, settings, chatId, ...override } = o;
  const ctx = await makeContext({
    dataset: dataset(),
    settings: settings ?? new MemorySettings(),
    chatId: chatId ?? 'test',
    platform: 'console',
    override,
    now: now ?? NOW,
  });
  return execute(line, ctx);
}

export async function ok(line: string, o: Parameters<typeof answer>[1] = {}) {
  const out = await answer(line, o);
  if (!out.ok) throw new Error(`expected an answer to ${line}, got ${out.error.code}: ${out.error.message}`);
  return out.answer;
}

export async function fail(line: string, o: Parameters<typeof answer>[1] = {}) {
  const out = await answer(line, o);
  if (out.ok) throw new Error(`expected an error for ${line}, got: ${out.answer.text}`);
  return out.error;
}

/** Commands that work only in a platform chat (the console answers them with platformOnly). */
export const CHAT_ONLY: readonly string[] = ['subscribe', 'unsubscribe', 'alert', 'alerts'];

/** Han ideographs and kana: what "Chinese text" means in these tests. */
export const CJK = /[\u3040-\u30FF\u3400-\u4DBF\u4E00-\u9FFF]/u;

/**
 * Polls `check` until it holds. Past the deadline it fails with `what` and what it last saw, so a
 * stuck run says why instead of hanging or failing blind.
 */
export async function eventually(check: () => boolean | Promise<boolean>, what: string, saw: () => unknown, ms = 30_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`gave up after ${ms} ms waiting for ${what}; saw ${JSON.stringify(await saw())}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
