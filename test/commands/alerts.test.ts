/** /alert and /alerts in a chat, against a real SQLite store: what a user types and what they read. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { AlertStore } from '../../src/alerts/store.js';
import { makeContext, MemorySettings } from '../../src/commands/context.js';
import { execute } from '../../src/commands/run.js';
import type { Lang } from '../../src/i18n/index.js';
import { crossed, rearmed, step } from '../../src/model/alerts.js';
import { openStore, type StateStore } from '../../src/state/store.js';
import { CJK, dataset, NOW } from '../helpers.js';

let dir: string;
let store: StateStore;
let alerts: AlertStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'carrybot-alertcmd-'));
  store = await openStore({ dataDir: dir });
  alerts = new AlertStore(store);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function run(line: string, chatId: string, o: { lang?: Lang; platform?: 'telegram' | 'console' } = {}) {
  const ctx = await makeContext({ dataset: dataset(), settings: new MemorySettings(), alerts, chatId, platform: o.platform ?? 'telegram', override: { lang: o.lang ?? 'en' }, now: NOW });
  return execute(line, ctx);
}
async function text(line: string, chatId: string, o: { lang?: Lang } = {}) {
  const out = await run(line, chatId, o);
  return out.ok ? out.answer.text : `ERROR ${out.error.code}: ${out.error.message}`;
}

describe('the hysteresis rule', () => {
  test('a "below 2.00" alert fires under 2.00 only, and re-arms at 2.10 with a 10bp band, not at 2.09', () => {
    expect(crossed('below', 2, 1.99)).toBe(true);
    expect(crossed('below', 2, 2)).toBe(false);
    expect(crossed('above', 4.5, 4.51)).toBe(true);
    expect(rearmed('below', 2, 2.09, 0.1)).toBe(false);
    expect(rearmed('below', 2, 2.1, 0.1)).toBe(true);
    expect(rearmed('above', 4.5, 4.41, 0.1)).toBe(false);
    expect(rearmed('above', 4.5, 4.4, 0.1)).toBe(true);
    const seen = [1.9, 1.95, 2.02, 1.96, 2.12, 1.97].map((v) => v);
    let armed = true;
    const fired: number[] = [];
    for (const v of seen) {
      const s = step({ op: 'below', threshold: 2, armed }, v, 0.1);
      if (s === 'fire') fired.push(v);
      if (s !== 'none') armed = s === 'rearm';
    }
    expect(fired).toEqual([1.9, 1.97]);
  });
});

describe('/alert', () => {
  test('GIVEN /alert spread below 1.5 THEN it is saved armed, with today’s level, how it fires and how to remove it', async () => {
    const out = await run('/alert spread below 1.5', 'tg:1');
    expect(out.ok && out.answer.text.split('\n')).toEqual([
      'Alert #1 set: the US–Japan 10y spread below 1.5pp.',
      'Now: 2.07pp (30 Dec 2025).',
      'It is checked after each data update and fires once when the line is crossed; then it stays quiet until the value is back 10bp the other side (at most one message a day).',
      "/alerts lists this chat's alerts; /alert off 1 removes this one.",
    ]);
    expect(out.ok && out.answer.figures.alert).toMatchObject({ id: 1, series: 'spread', op: 'below', threshold: 1.5, armed: true, rearmAt: 1.6 });
  });

  test('GIVEN the Chinese form /alert 利差 低于 1.5 in a Chinese chat THEN the same alert, answered in Chinese', async () => {
    const out = await run('/alert 利差 低于 1.5', 'tg:2', { lang: 'zh' });
    expect(out.ok && out.answer.text).toMatch(CJK);
    expect(out.ok && out.answer.text.split('\n')[0]).toBe('已设置提醒 #1：美日10年期利差低于 1.5 个百分点。');
    expect(await alerts.list('tg:2')).toEqual([expect.objectContaining({ kind: 'level', series: 'spread', op: 'below', threshold: 1.5 })]);
  });

  test('GIVEN no direction THEN the side the value is heading to; a line it is already past waits for the next crossing', async () => {
    expect((await text('/alert us10y 5', 'tg:3')).split('\n')[0]).toBe('Alert #1 set: the US 10y yield above 5%.');
    const past = await text('/alert spread below 2.5', 'tg:3');
    expect(past).toContain('It is already past that line, so it fires on the next crossing, once it has been back at 2.6pp.');
    expect((await alerts.list('tg:3'))[1]).toMatchObject({ op: 'below', threshold: 2.5, armed: false });
  });

  test('GIVEN a level out of range, no level, a wrong direction, a word for a number THEN one-line errors with the range and an example', async () => {
    expect(await text('/alert spread below 12', 'tg:4')).toBe('ERROR range: Level 12pp is out of range: give -5pp to 10pp, e.g. /alert spread below 1.5');
    expect(await text('/alert us10y above', 'tg:4')).toBe('ERROR alertLevel: Level missing: give a line from 0% to 15%, e.g. /alert us10y below 4');
    expect(await text('/alert spread sideways 1.5', 'tg:4')).toBe('ERROR alertDirection: “sideways” is not above or below, e.g. /alert spread below 1.5');
    expect(await text('/alert spread below abc', 'tg:4')).toBe('ERROR notNumber: Level “abc” is not a number: give -5pp to 10pp, e.g. /alert spread below 1.5');
    expect(await text('/alert gold above 2000', 'tg:4')).toBe('ERROR choice: What “gold” is not one of spread | us10y | jp10y | fomc | boj | off, e.g. /alert spread');
    expect(await text('/alert boj 1.5', 'tg:4')).toBe('ERROR alertExtra: “1.5” is not needed here: meeting alerts take no level, e.g. /alert boj');
    expect(await alerts.list('tg:4')).toEqual([]);
  });

  test('GIVEN ten alerts THEN the eleventh is refused with how to make room; nothing is lost', async () => {
    for (let i = 0; i < 10; i++) expect((await run(`/alert spread below ${1 + i / 10}`, 'tg:5')).ok).toBe(true);
    expect(await text('/alert boj', 'tg:5')).toBe('ERROR alertsFull: This chat already has 10 alerts, the most it can have: remove one first (/alerts lists them), e.g. /alert off 1');
    expect(await alerts.list('tg:5')).toHaveLength(10);
  });

  test('GIVEN /alerts, /alert off <id>, /alert off all THEN the list with ids and states, and removals that say what went', async () => {
    await run('/alert boj', 'tg:6');
    await run('/alert jp10y above 2.5', 'tg:6');
    const list = (await text('/alerts', 'tg:6')).split('\n');
    expect(list[0]).toBe('Alerts here (2 of 10):');
    expect(list[1]).toMatch(/^#1 BOJ meetings: a reminder the day before and the decision — 18 Dec 2026 \(in \d+ days\) \(since 23 Nov 2026\)$/);
    expect(list[2]).toBe('#2 the JGB 10y yield above 2.5% — armed (since 23 Nov 2026)');
    expect(await text('/alert off 1', 'tg:6')).toBe('Alert #1 removed.');
    expect(await text('/alert off 1', 'tg:6')).toBe('There is no alert #1 here; /alerts lists them.');
    expect(await text('/alert off two', 'tg:6')).toBe('ERROR alertOff: Say which alert to remove: its number from /alerts, or all (“two” is neither), e.g. /alert off 1');
    await run('/alert fomc', 'tg:6');
    expect((await alerts.list('tg:6')).map((a) => a.id)).toEqual([2, 3]);
    expect(await text('/alert off all', 'tg:6')).toBe('All alerts removed (2).');
    expect(await text('/alerts', 'tg:6')).toBe('No alerts here yet. Set one with /alert spread below 1.5 or /alert boj.');
  });

  test('GIVEN the console (no chat to deliver to) THEN the platform-only error', async () => {
    const out = await run('/alert boj', 'console', { platform: 'console' });
    expect(!out.ok && out.error.message).toBe('/alert works in a Discord server or Telegram chat, where briefings are delivered; try /brief here');
  });
});
