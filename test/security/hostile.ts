/**
 * Text shaped like the syntax of every library a message passes through on its way in and out:
 * i18next (nesting, interpolation, formatters), Telegram HTML, Discord markdown and mentions,
 * ICU and printf formats, regular-expression bait, bidi and invisible controls, lone surrogates,
 * and very long inputs. Shared by the fuzz suite and the CLI test.
 */
import fc from 'fast-check';

export const HOSTILE: readonly string[] = [
  '$t(',
  '$t(errors:internal)',
  '$t(x, {"a": "$t(',
  '$t(' + '(a'.repeat(40),
  '$t(' + 'a'.repeat(3000),
  '{{value}}',
  '{{- value}}',
  '{{value, number}}',
  '{{count}}',
  '{{',
  '}}{{',
  '{{'.repeat(200),
  '$t(common:footer) {{preset}}',
  '<b>bold</b><script>x</script>',
  '<a href="tg://user?id=1">x</a>',
  '&lt;&amp;&#x202E;',
  '**@everyone** @here <@123456789012345678> <#1> <@&1>',
  '||spoiler|| `code` ```block``` ~~x~~ > quote',
  '{0} {1,number} {n, plural, one {#} other {#}}',
  '%s %d %n %x %%',
  '\u202E1.5\u202C',
  '\u061C\u2066\u2069\u200F\u200E',
  '\u2028\u2029\u2060\uFEFF',
  '\u{E0041}\u{E0042}\u{E007F}',
  '\uD800',
  'a\uDC00b',
  '1.5\uD83D',
  '\u0000\u0007\u001B[31m',
  '(a+)+$' + 'a'.repeat(40) + '!',
  'x'.repeat(10_000),
  '１.５' + '\u0301'.repeat(500),
];

/** Where the hostile text goes: the command name, an argument, a named argument, or free text. */
export function placements(text: string): string[] {
  return [`/carry ${text}`, `/${text}`, `/settings lang ${text}`, `/subscribe ${text} Asia/Tokyo`, `/neutral rate:${text}`, text];
}

/** An arbitrary mixing hostile pieces with ordinary tokens. */
export const hostileLine = fc
  .tuple(
    fc.constantFrom('/carry', '/neutral', '/spread', '/liquidity', '/debt', '/path', '/scenario', '/settings', '/subscribe', '/help', '/', ''),
    fc.array(fc.oneof(fc.constantFrom(...HOSTILE.filter((h) => h.length < 600)), fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('1.5', '150bp', 'lang', 'zh', '{{', '$t(')), { maxLength: 5 }),
  )
  .map(([head, tail]) => [head, ...tail].join(' '));
