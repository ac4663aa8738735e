#!/usr/bin/env node
// Thin launcher: the compiled entry point lives in dist/ (built by `npm ci` via "prepare").
import('../dist/src/main.js').then((m) => m.main(process.argv.slice(2))).catch((err) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exitCode = 1;
});
