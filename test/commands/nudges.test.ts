import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { formatter } from '../../src/commands/format.js';
import { PAYLOAD_LIMIT, readTap } from '../../src/commands/nudges.js';
import { registry } from '../../src/commands/registry.js';
import { ok, CHAT_ONLY } from '../helpers.js';

const en = formatter('en');

describe('nudge buttons', () => {
  test('GIVEN /carry 1.5 THEN four spread nudges and the preset switch, payloads within 64 bytes', async () => {
    const a = await ok('/carry 1.5');
    expect(a.buttons!.map((b) => b.label)).toEqual(['−0.25pp', '−0.1pp', '+0.1pp', '+0.25pp', 'Commentary figures']);
    expect(a.buttons!.map((b) => b.payload)).toEqual(['n1|carry|o|1.5|0', 'n1|carry|o|1.5|1', 'n1|carry|o|1.5|2', 'n1|carry|o|1.5|3', 'n1|carry|o|1.5|p']);
    expect((await ok('/carry 1.5', { lang: 'zh', preset: 'article' })).buttons!.at(-1)).toEqual({ label: '实测数据', payload: 'n1|carry|a|1.5|p' });
  });

  test('GIVEN every what-if command THEN its buttons fit Telegram and Discord; text-only commands have none', async () => {
    for (const def of [...registry.values()].filter((d) => !CHAT_ONLY.includes(d.name))) {
      const a = await ok(`/${def.name}`);
      if (!def.nudges) expect(a.buttons).toBeUndefined();
      else for (const b of a.buttons!) expect(Buffer.byteLength(b.payload)).toBeLessThanOrEqual(PAYLOAD_LIMIT);
    }
    expect((await ok('/scenario')).buttons!.map((b) => b.label)).toEqual(['Fed move −25bp', 'Fed move +25bp', 'BOJ move −25bp', 'BOJ move +25bp', 'Commentary figures']);
  });

  test.each([
    ['n1|carry|o|1.5|2', '/carry spread:1.6', 'observed', null],
    ['n1|carry|o|1.5|p', '/carry spread:1.5', 'article', null],
    ['n1|carry|o|0.05|1', '/carry spread:0', 'observed', { edge: 'low', value: '0pp', moved: true }],
    ['n1|carry|o|0|0', '/carry spread:0', 'observed', { edge: 'low', value: '0pp', moved: false }],
    ['n1|liquidity|a|300|0|1.5|1', '/liquidity cut_bp:300 months:0 spread:1.5', 'article', { edge: 'high', value: '300bp', moved: false }],
    ['n1|scenario|o|-25|25|3', '/scenario fed_bp:-25 boj_bp:50', 'observed', null],
  ])('GIVEN a tap on %s THEN it runs %s in %s', (payload, line, preset, bound) => {
    expect(readTap(payload, en)).toEqual({ ok: true, line, preset, bound });
  });

  test.each([
    ['n1|carry|o|9|2', 'an argument out of range'],
    ['n1|carry|o|1.5|7', 'a nudge the command does not have'],
    ['n1|carry|x|1.5|2', 'an unknown preset'],
    ['n1|help|o|p', 'a command without nudges'],
    ['n0|carry|o|1.5|2', 'an old format'],
    ['n1|carry|o|1.5', 'a missing action'],
    ['n1|carry|o|abc|2', 'garbage'],
    ['', 'nothing'],
  ])('GIVEN %s (%s) THEN it is refused', (payload) => {
    expect(readTap(payload, en)).toEqual({ ok: false });
  });

  test('PROPERTY: any string is either refused or becomes a command line within range', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.constantFrom('n1|carry|o|', 'n1|path|a|', 'n1|scenario|o|', ''), (tail, head) => {
        const tap = readTap(head + tail, en);
        if (tap.ok) expect(tap.line).toMatch(/^\/(carry|path|scenario) /);
      }),
      { numRuns: 3000 },
    );
  });
});
