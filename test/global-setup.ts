import { execFileSync } from 'node:child_process';
import { readdirSync, statSync, utimesSync } from 'node:fs';
import { join } from 'node:path';

/** Newest modification time of the files under these paths. */
function newest(paths: string[]): number {
  let latest = 0;
  for (const p of paths) {
    const s = statSync(p, { throwIfNoEntry: false });
    if (!s) continue;
    if (s.isDirectory()) latest = Math.max(latest, newest(readdirSync(p).map((f) => join(p, f))));
    else latest = Math.max(latest, s.mtimeMs);
  }
  return latest;
}

/**
 * The CLI tests run the real `bin/carrybot.js`, which loads dist/, and the studio tests its page
 * bundle (dist/studio): build each, unless it is already newer than its sources.
 */
export default function setup(): void {
  const built = statSync('dist/.tsbuildinfo', { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (built <= newest(['src', 'bench', 'locales', 'tsconfig.json', 'tsconfig.build.json'])) {
    execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
    // tsc leaves its build info alone when nothing changed: mark the build as checked now.
    const now = new Date();
    utimesSync('dist/.tsbuildinfo', now, now);
  }
  const studio = statSync('dist/studio/app.js', { throwIfNoEntry: false })?.mtimeMs ?? 0;
  if (studio <= newest(['src', 'locales', 'data', 'scripts/build-studio.mjs', 'package-lock.json'])) {
    execFileSync(process.execPath, ['scripts/build-studio.mjs'], { stdio: 'inherit' });
  }
}
