/** Telegram HTML: every echoed string escaped, the key line in bold, captions within 1,024 characters. */
export const CAPTION_LIMIT = 1024;
export const MESSAGE_LIMIT = 4096;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Plain answer text → HTML with the first line in bold. */
export function toHtml(text: string): string {
  const [first = '', ...rest] = text.split('\n');
  return [`<b>${escapeHtml(first)}</b>`, ...rest.map(escapeHtml)].join('\n');
}

/**
 * Splits plain text at line breaks into a caption that fits the limit and the rest (sent as a
 * follow-up message). Limits count characters as Telegram does, after entity parsing.
 */
export function splitCaption(text: string, limit = CAPTION_LIMIT): { caption: string; rest: string | null } {
  if (text.length <= limit) return { caption: text, rest: null };
  const lines = text.split('\n');
  const head: string[] = [];
  let used = 0;
  while (lines.length && used + lines[0]!.length + (head.length ? 1 : 0) <= limit) {
    const line = lines.shift()!;
    used += line.length + (head.length ? 1 : 0);
    head.push(line);
  }
  if (head.length === 0) {
    let caption = '';
    for (const ch of text) {
      // Never half a surrogate pair; Telegram counts UTF-16 units.
      if (caption.length + ch.length > limit - 1) break;
      caption += ch;
    }
    return { caption: `${caption}…`, rest: text.slice(caption.length) };
  }
  return { caption: head.join('\n'), rest: lines.join('\n') };
}
