// `npm run typecheck`: the project and the studio page (DOM types) checked side by side, each
// incremental (build info under dist/), so an unchanged tree is checked in a few seconds.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const projects = [
  ['-p', 'tsconfig.json', '--noEmit', '--incremental', '--tsBuildInfoFile', 'dist/.typecheck.tsbuildinfo'],
  ['-p', 'src/studio/page/tsconfig.json', '--incremental', '--tsBuildInfoFile', 'dist/.typecheck-studio.tsbuildinfo'],
];
const codes = await Promise.all(
  projects.map((args) => new Promise((resolve) => spawn(process.execPath, [tsc, ...args], { stdio: 'inherit' }).on('exit', (code) => resolve(code ?? 1)))),
);
process.exitCode = codes.some((c) => c !== 0) ? 1 : 0;
