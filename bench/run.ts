/**
 * `npm run bench`: prints the figures the issues ask for. Timings are measured here, never
 * asserted in tests. CARRYBOT_BENCH_QUICK=1 runs fewer iterations.
 */
import { cpus } from 'node:os';
import { loadDataset } from '../src/data/dataset.js';
import { benchBroadcast } from './broadcast.js';
import { benchBroadcastWorkers } from './broadcast-workers.js';
import { benchLoad } from './load.js';
import { benchCharts } from './charts.js';
import { benchAsk, benchConsole, benchNodeBaseline } from './startup.js';
import { ms, table } from './stats.js';
import { benchParse } from './parse.js';
import { benchAlerts } from './alerts.js';
import { benchStudio } from './studio.js';
import { benchText } from './text.js';

async function soak(): Promise<void> {
  const minutes = Number(process.env.CARRYBOT_BENCH_SOAK_MINUTES ?? 10);
  console.log(`\n## Soak: ${minutes} minutes at a steady mixed load (100 users, a command every ~3 s each), the real process`);
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
  const l = await benchLoad({ users: 100, seconds: minutes * 60, thinkMs: 3000, rssEveryMs: 60_000, onRss: (s) =>
      console.log(
        `  minute ${Math.round(s.atS / 60)}: RSS ${mb(s.rss)}` +
          (s.heap ? ` (V8 heap ${s.heap.heapUsedMb.toFixed(0)} of ${s.heap.heapTotalMb.toFixed(0)} MB, outside it ${s.heap.externalMb.toFixed(0)} MB of which buffers ${s.heap.arrayBuffersMb.toFixed(0)} MB)` : '') +
          (s.charts ? `; ${s.charts.renders} charts drawn so far, ${s.charts.cached} cached` : ''),
      ),
  });
  const samples = l.rssSamples;
  const first = samples[0]?.rss ?? 0;
  const last = samples.at(-1)?.rss ?? 0;
  const max = Math.max(0, ...samples.map((s) => s.rss));
  const growth = first ? (last - first) / first : 0;
  console.log(
    table([
      { figure: 'requests sent / answered / dropped / errors', value: `${l.sent} / ${l.answered} / ${l.dropped} / ${l.errors}` },
      { figure: 'answered latency', value: `p50 ${ms(l.p50, 1)}, p99 ${ms(l.p99, 1)}` },
      { figure: 'RSS after the first minute → at the end', value: `${mb(first)} → ${mb(last)} (${(growth * 100).toFixed(1)}%; target ≤ 5%)` },
      { figure: 'highest RSS sampled / peak', value: `${mb(max)} / ${mb(l.peakRss)} (target < 300 MB)` },
    ]),
  );
}

async function main() {
  const quick = process.env.CARRYBOT_BENCH_QUICK === '1';
  console.log(`CarryBot benchmark · node ${process.version} · ${cpus().length} cores · ${new Date().toISOString()}`);
  if (process.env.CARRYBOT_BENCH_SOAK === '1') {
    await soak();
    return;
  }

  const loadStart = performance.now();
  const dataset = loadDataset();
  const loadMs = performance.now() - loadStart;

  console.log('\n## Text-only command latency (parse → validate → model → localize; no chart rendering)');
  const text = await benchText(dataset, quick ? 500 : 5000);
  console.log(table(text.rows));
  console.log(`text-only p50 ${ms(text.p50)} (target ≤ 1 ms), p99 ${ms(text.p99)}`);

  console.log('\n## Free-text parse (understand(): normalize → keywords → numbers → intent; the phrasings corpus)');
  const parse = benchParse(quick ? 5 : 50);
  console.log(`${parse.phrasings} phrasings × ${quick ? 5 : 50} passes: parse p50 ${ms(parse.p50)}, p99 ${ms(parse.p99)} (target p99 well under 1 ms)`);
  console.log(`per phrasing (median of its passes): p50 ${ms(parse.medians.p50)}, p99 ${ms(parse.medians.p99)}, slowest ${ms(parse.slowest.ms)} “${parse.slowest.text}”`);

  console.log('\n## Alerts (the watcher pass after each refresh; SQLite store; 3 alerts per chat)');
  const chats = quick ? 200 : 1000;
  const al = await benchAlerts(dataset, chats, quick ? 3 : 10);
  console.log(`${chats} chats: quiet pass p50 ${ms(al.quiet.p50, 1)}, p99 ${ms(al.quiet.p99, 1)}; the pass in which all ${al.fired} spread lines are crossed ${ms(al.firing, 1)} (each firing recorded, then queued)`);

  console.log('\n## Start-up');
  const runs = quick ? 3 : 10;
  const node = benchNodeBaseline(runs);
  const ask = benchAsk(runs);
  const repl = await benchConsole(runs);
  const npmStart = await benchConsole(runs, 'npm');
  console.log(
    table([
      { what: 'dataset load in-process (JSON + zod)', p50: ms(loadMs, 1), p99: '' },
      { what: 'bare `node -e 0` (baseline)', p50: ms(node.p50, 1), p99: ms(node.p99, 1) },
      { what: '`carrybot ask "/carry 1.5"` to exit', p50: ms(ask.p50, 1), p99: ms(ask.p99, 1) },
      { what: '`carrybot` console to welcome line', p50: ms(repl.p50, 1), p99: ms(repl.p99, 1) },
      { what: '`npm start` to the console welcome line (no rebuild)', p50: ms(npmStart.p50, 1), p99: ms(npmStart.p99, 1) },
    ]),
  );
  console.log(`\nprocess start-up p50 ${ms(repl.p50, 1)} to the console prompt; \`npm start\` p50 ${ms(npmStart.p50, 1)} (target ≤ 1.5 s)`);

  console.log('\n## Charts (1280×720 PNG, fonts loaded, one process)');
  const c = await benchCharts(dataset, quick);
  console.log('cold render per command (no cache):');
  console.log(table(c.rows));
  console.log(`cached answer (parse → model → text → chart from cache): p50 ${ms(c.cached.p50)}, p99 ${ms(c.cached.p99)} over ${c.cached.n} calls (target ≤ 2 ms)`);
  console.log('distinct renders per second, same run:');
  console.log(table(c.throughput.map((t) => ({ 'drawn and encoded on': t.where, 'renders in flight': t.concurrency, 'distinct renders/s': t.perSecond.toFixed(1) }))));
  console.log('text-only answers while 50 distinct chart requests are in flight (one text request every 5 ms):');
  console.log(
    table(
      c.duringBurst.map((d) => ({
        charts: d.where,
        'text answers': d.n,
        'text p50': ms(d.p50, 2),
        'text p99': `${ms(d.p99, 2)} (target ≤ 10 ms)`,
        '50 charts took': ms(d.chartsMs, 0),
      })),
    ),
  );
  const m = c.memory;
  console.log(
    `memory (fresh process, fonts loaded ${c.mb(m.baseline)}): peak RSS ${c.mb(m.first)} after ${m.rounds} distinct renders, ` +
      `${c.mb(m.second)} after ${m.rounds} more (target ≤ 300 MB and no growth: ${m.second - m.first <= 16 * 2 ** 20 ? 'none' : `+${c.mb(m.second - m.first)}`})`,
  );

  console.log('\n## What-if studio (the page in headless Chromium at 390×844)');
  const st = await benchStudio({ loads: quick ? 3 : 10 });
  if (!st) console.log('skipped: no Chromium at /usr/bin/chromium (apt-get install -y chromium)');
  else {
    const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
    console.log(
      table([
        { figure: 'page + script + styles, gzipped', value: `${kb(st.bytes.total)} (html ${kb(st.bytes.html)}, js ${kb(st.bytes.js)}, css ${kb(st.bytes.css)}; target ≤ 250 KB)` },
        { figure: 'first answer on screen (navigation → figures and chart drawn, cold cache)', value: `p50 ${ms(st.firstRender.p50, 0)}, max ${ms(st.firstRender.p99, 0)} over ${st.firstRender.n} loads (target ≤ 1000 ms)` },
        { figure: 'slider update (input → every card and the answer updated)', value: `p50 ${ms(st.update.p50, 1)}, p99 ${ms(st.update.p99, 1)}, max ${ms(st.update.max, 1)} over ${st.update.n} updates (target ≤ 16 ms)` },
        { figure: 'chart redraw (the next frame after an update)', value: `p50 ${ms(st.chart.p50, 1)}, p99 ${ms(st.chart.p99, 1)} over ${st.chart.n} redraws` },
        ...Object.entries(st.perSlider).map(([id, s]) => ({ figure: `  ${id} slider`, value: `p50 ${ms(s.p50, 1)}, p99 ${ms(s.p99, 1)} (${s.n} steps)` })),
      ]),
    );
  }

  console.log('\n## Morning briefing broadcast (Telegram, one process, fake Bot API allowing 30 messages/s, 429 beyond)');
  const b = await benchBroadcast(dataset, quick ? 1000 : 10_000);
  console.log(
    table([
      { figure: 'subscribers due in the same minute', value: String(b.subscribers) },
      { figure: 'delivered exactly once / duplicates / missing', value: `${b.delivered - b.duplicates} / ${b.duplicates} / ${b.missing}` },
      { figure: `time (pace ${b.perSecond}/s)`, value: `${b.seconds.toFixed(1)} s = ${(b.seconds / b.minimum).toFixed(3)} × the platform minimum ${b.minimum.toFixed(1)} s (target ≤ 1.15 ×)` },
      { figure: '429s from the platform', value: `${b.limited429} × 429 (target 0, at ≥ 0.95 × the limit: ${(b.delivered / b.seconds / b.limit).toFixed(3)} × ${b.limit}/s overall, ${(b.steadyPerSecond / b.limit).toFixed(3)} × once under way)` },
      { figure: 'first / last photo after the pass began', value: `${b.span.first.toFixed(1)} s / ${b.span.last.toFixed(1)} s` },
      { figure: 'chart renders / photo uploads', value: `${b.renders} / ${b.uploads} (target ≤ 2 / ≤ 2)` },
      { figure: 'peak RSS', value: `${(b.peakRss / 2 ** 20).toFixed(0)} MB` },
    ]),
  );

  console.log('\n## Replies while a broadcast is under way (1,000 briefings; someone writes every 500 ms; one pacer, replies in their own lane ahead of the briefings)');
  const rb = await benchBroadcast(dataset, 1000, { replyEveryMs: 500 });
  console.log(`${rb.replies.n} replies: wait for the platform-wide window and the send, p50 ${ms(rb.replies.p50, 1)}, p99 ${ms(rb.replies.p99, 1)} (a briefing's slot is ${ms(1000 / rb.perSecond, 1)}); briefings ${rb.delivered - rb.duplicates}/${rb.subscribers} exactly once, ${rb.limited429} × 429`);

  console.log(`\n## The same broadcast with 3 worker processes on Redis (BullMQ, sliding windows shared in Redis: Telegram’s ${b.limit} per second counted until each answer, spaced at ${b.perSecond}/s; 1/s per chat, 20/min per group)`);
  const w = await benchBroadcastWorkers(quick ? 1000 : 10_000, 3);
  console.log(
    table([
      ...[
        { path: 'single process', r: b },
        { path: '3 workers on Redis', r: w },
      ].map(({ path, r }) => ({
        path,
        subscribers: r.subscribers,
        'exactly once': `${r.delivered - r.duplicates}/${r.subscribers}`,
        seconds: r.seconds.toFixed(1),
        'messages/s': (r.delivered / r.seconds).toFixed(1),
        [`x the ${r.limit}/s limit`]: (r.delivered / r.seconds / r.limit).toFixed(3),
        'x the limit once under way (10th–90th percentile)': (r.steadyPerSecond / r.limit).toFixed(3),
        'first photo': `${r.span.first.toFixed(1)} s`,
        '429s': `${r.limited429} × 429`,
      })),
    ]),
  );

  console.log('\n## Load: 200 concurrent users, mixed commands, 60 s (the real process, long polling a fake Bot API)');
  const l = await benchLoad({ users: 200, seconds: quick ? 15 : 60, thinkMs: 4000 });
  console.log(
    table([
      { figure: 'requests sent / answered', value: `${l.sent} / ${l.answered} (${l.perSecond.toFixed(1)} answered/s)` },
      { figure: 'answered latency (update → reply)', value: `p50 ${ms(l.p50, 1)}, p99 ${ms(l.p99, 1)}` },
      { figure: 'errors shown to users', value: String(l.errors) },
      { figure: 'dropped updates (no reply)', value: `${l.dropped} (target 0)` },
      { figure: 'bot peak RSS', value: `${(l.peakRss / 2 ** 20).toFixed(0)} MB` },
    ]),
  );
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
