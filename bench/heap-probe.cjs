// Loaded into a server by the soak benchmark (node --expose-gc --require): on SIGUSR2, V8's
// last-resort collection (everything collectable is collected and the heap pages it no longer
// needs are given back, as under memory pressure), then one JSON line with the memory figures.
// RSS read this way at two moments compares what the process still holds: V8 grows its heap
// lazily and returns pages long after collecting them, so RSS read at an arbitrary moment (or
// after an ordinary full GC) rises and falls in a sawtooth that says nothing about leaks.
'use strict';
process.on('SIGUSR2', () => {
  globalThis.gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  setImmediate(() => {
    const m = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ msg: 'heap probe', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}\n`);
  });
});
