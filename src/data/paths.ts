import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project's root (where package.json is), whether running from src/ or dist/src/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('carrybot: cannot find the project root (package.json)');
    dir = up;
  }
}

export const shippedDataDir = (): string => join(projectRoot(), 'data');
export const localesDir = (): string => join(projectRoot(), 'locales');
