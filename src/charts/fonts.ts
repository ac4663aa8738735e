/** Registers Noto Sans SC from the npm font package once, so Chinese renders with no system fonts. */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GlobalFonts } from '@napi-rs/canvas';

export const FONT_FAMILY = 'Noto Sans SC';
const SUBSETS = ['latin', 'latin-ext', 'chinese-simplified'];
const WEIGHTS = [400, 700];

let registered = false;

export function ensureFonts(): void {
  if (registered) return;
  // The font collection is shared by the process' threads: a render thread finds it filled.
  if (GlobalFonts.has(FONT_FAMILY)) {
    registered = true;
    return;
  }
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@fontsource/noto-sans-sc/package.json')), 'files');
  for (const subset of SUBSETS) {
    for (const weight of WEIGHTS) {
      const file = join(dir, `noto-sans-sc-${subset}-${weight}-normal.woff2`);
      if (!GlobalFonts.registerFromPath(file, FONT_FAMILY)) throw new Error(`charts: cannot load font ${file}`);
    }
  }
  registered = true;
}
