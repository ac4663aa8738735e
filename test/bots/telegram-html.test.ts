import { describe, expect, test } from 'vitest';
import { decodePayload, encodePayload } from '../../src/bots/telegram/deeplink.js';
import { escapeHtml, splitCaption, toHtml } from '../../src/bots/telegram/html.js';

describe('Telegram HTML and captions', () => {
  test('GIVEN markup in an answer THEN it is escaped and only the first line is bold', () => {
    expect(toHtml('a <i>x</i> & y\nsecond <b>')).toBe('<b>a &lt;i&gt;x&lt;/i&gt; &amp; y</b>\nsecond &lt;b&gt;');
    expect(escapeHtml('1 < 2 > 0 & 3')).toBe('1 &lt; 2 &gt; 0 &amp; 3');
  });

  test('GIVEN text over 1,024 characters THEN the caption ends at a line break within the limit and the rest follows', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `${i} ${'x'.repeat(60)}`);
    const { caption, rest } = splitCaption(lines.join('\n'));
    expect(caption.length).toBeLessThanOrEqual(1024);
    expect(`${caption}\n${rest}`).toBe(lines.join('\n'));
    expect(splitCaption('short')).toEqual({ caption: 'short', rest: null });
  });

  test('GIVEN one line longer than the limit THEN it is cut with an ellipsis and nothing is lost', () => {
    const { caption, rest } = splitCaption('y'.repeat(1500));
    expect(caption).toHaveLength(1024);
    expect(caption.endsWith('…')).toBe(true);
    expect(rest).toHaveLength(1500 - 1023);
  });

  test('GIVEN a command line THEN the deep-link payload round-trips; forged payloads are refused', () => {
    const p = encodePayload('/scenario -50 50')!;
    expect(p).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(decodePayload(p)).toBe('/scenario -50 50');
    expect(decodePayload('not base64!')).toBeNull();
    expect(decodePayload(Buffer.from('carry\u00001').toString('base64url'))).toBeNull();
    expect(encodePayload(`carry ${'9'.repeat(80)}`)).toBeNull();
  });
});
