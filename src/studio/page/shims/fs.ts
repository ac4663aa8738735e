/**
 * Browser stand-in for node:fs: the files the shared code reads (locales/, data/) are embedded in
 * the bundle at build time (scripts/build-studio.mjs), so the same loaders run in the page.
 */
import embedded from 'carrybot:vfs';

const files = new Map<string, string>(Object.entries(embedded));

function enoent(path: string): Error {
  return Object.assign(new Error(`ENOENT: no such file, open '${path}'`), { code: 'ENOENT' });
}

export function readFileSync(path: string): string {
  const text = files.get(path);
  if (text === undefined) throw enoent(path);
  return text;
}

export function existsSync(path: string): boolean {
  if (files.has(path)) return true;
  const dir = path.endsWith('/') ? path : `${path}/`;
  for (const name of files.keys()) if (name.startsWith(dir)) return true;
  return false;
}

/** Adds or replaces a file at run time (refreshed series served by the bot). */
export function writeFileSync(path: string, text: string): void {
  files.set(path, text);
}

/** The names directly under a directory (the data watch lists stored series). */
export function readdirSync(path: string): string[] {
  const dir = path.endsWith('/') ? path : `${path}/`;
  const names = new Set<string>();
  for (const name of files.keys()) if (name.startsWith(dir)) names.add(name.slice(dir.length).split('/')[0]!);
  return [...names];
}

/** Size only (no times in the page): enough for the data watch's change check. */
export function statSync(path: string): { mtimeMs: number; size: number } {
  const text = files.get(path);
  if (text === undefined) throw enoent(path);
  return { mtimeMs: 0, size: text.length };
}
