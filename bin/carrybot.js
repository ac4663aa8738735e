#!/usr/bin/env node
// Thin launcher: the compiled entry point lives in dist/ (built by `npm ci` through "prepare").
import('../dist/src/main.js').then(
  (m) => m.main(process.argv.slice(2)),
  (err) => {
    console.error(`carrybot: cannot load dist/ (run \`npm run build\`): ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
