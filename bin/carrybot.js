#!/usr/bin/env node
// Thin launcher: the compiled entry point lives in dist/ (built by `npm ci` through "prepare").
// A reader that goes away (`carrybot ask … | head -1`) ends the process quietly, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
import('../dist/src/main.js').then(
  (m) => m.main(process.argv.slice(2)),
  (err) => {
    console.error(`carrybot: cannot load dist/ (run \`npm run build\`): ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
