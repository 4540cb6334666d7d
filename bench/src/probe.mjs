/* global setInterval */
// Preloaded into the process under test (node --import): every 500 ms appends one JSON line with
// its RSS and event-loop delay (ms) to BENCH_PROBE_FILE. The server's code knows nothing of it.
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const file = process.env.BENCH_PROBE_FILE;
if (file) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const timer = setInterval(() => {
    const ms = (ns) => Math.round(ns / 1e4) / 100;
    const line = {
      t: Date.now(),
      rss: process.memoryUsage.rss(),
      eld: { p50: ms(histogram.percentile(50)), p99: ms(histogram.percentile(99)), max: ms(histogram.max), mean: ms(histogram.mean) },
    };
    histogram.reset();
    fs.appendFile(file, `${JSON.stringify(line)}\n`, () => {});
  }, 500);
  timer.unref();
}
