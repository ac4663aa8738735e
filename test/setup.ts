/**
 * Per test file: every temporary directory goes under one root that is removed when the file ends
 * (os.tmpdir() follows TMPDIR, and child processes inherit it), so no run leaves files behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const g = globalThis as { carrybotBaseTmp?: string };
const base = (g.carrybotBaseTmp ??= tmpdir());
const root = mkdtempSync(join(base, 'carrybot-test-'));
process.env.TMPDIR = root;

// Registered first, so it runs after the file's own afterAll hooks (stores and processes closed).
afterAll(() => {
  process.env.TMPDIR = base;
  rmSync(root, { recursive: true, force: true });
});
