// Loaded into a server by the soak benchmark (node --expose-gc --require): on SIGUSR2, a full
// garbage collection, then one JSON line with the memory figures. RSS read at the same moment in
// two runs is then comparable: V8 grows its old generation lazily and collects it in a sawtooth,
// so without this, where in the tooth each reading falls decides the "growth" it shows.
'use strict';
process.on('SIGUSR2', () => {
  globalThis.gc?.();
  setImmediate(() => {
    const m = process.memoryUsage();
    process.stdout.write(`${JSON.stringify({ msg: 'heap probe', rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external })}\n`);
  });
});
