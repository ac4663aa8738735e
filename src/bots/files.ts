/** Chart files for the console and the CLI. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { RenderedChart } from '../charts/renderer.js';

export async function saveChart(dir: string, command: string, chart: RenderedChart): Promise<string> {
  const folder = resolve(dir);
  await mkdir(folder, { recursive: true });
  const path = join(folder, `${command}-${chart.key}.png`);
  await writeFile(path, chart.png);
  return path;
}
