/**
 * Deep-link payloads (t.me/<bot>?start=<payload>) carry a command line as base64url, at most 64
 * characters of [A-Za-z0-9_-]. A payload is untrusted: decoded, it is parsed like typed input.
 */
const SAFE = /^[A-Za-z0-9_-]{1,64}$/;

export function encodePayload(line: string): string | null {
  const p = Buffer.from(line.trim().replace(/^\//, ''), 'utf8').toString('base64url');
  return SAFE.test(p) ? p : null;
}

export function decodePayload(payload: string): string | null {
  if (!SAFE.test(payload)) return null;
  const line = Buffer.from(payload, 'base64url').toString('utf8');
  // Round-trips only for payloads we made; anything else is not a command line.
  if (encodePayload(line) !== payload || /[\u0000-\u001F]/.test(line)) return null;
  return `/${line}`;
}
