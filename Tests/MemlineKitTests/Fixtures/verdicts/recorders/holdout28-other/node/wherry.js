// wherry 4.12.0: river-barge berth booking API (node http). Quote lookups go through a bounded LRU (5,000
// entries); GET /reports/manifest builds the day's manifest in memory (a spike, released after the response).
'use strict';
const http = require('http');
const v8 = require('v8');
const crypto = require('crypto');
const PORT = Number(process.env.PORT);
const LRU_MAX = 5000;
const quotes = new Map();           // insertion-ordered: oldest first
let hits = 0, misses = 0, evictions = 0, reqs = 0;

const log = (level, msg, extra) => process.stdout.write(JSON.stringify(Object.assign(
  { level, time: Date.now(), pid: process.pid, hostname: 'wherry-api-1', msg }, extra)) + '\n');

function quote(route, day) {
  const key = `${route}:${day}`;
  let q = quotes.get(key);
  if (q) { quotes.delete(key); quotes.set(key, q); hits++; return q; }
  misses++;
  q = { route, day, legs: Array.from({ length: 24 }, (_, i) => ({ lock: `L${i}`, fee: (i * 37) % 90,
        window: crypto.randomBytes(24).toString('hex'), note: 'tide-dependent passage, moor on the towpath side' })) };
  quotes.set(key, q);
  if (quotes.size > LRU_MAX) { quotes.delete(quotes.keys().next().value); evictions++; }
  return q;
}

function manifest() {
  // renders the day's lock manifest as CSV into one buffer, then sends the used part
  const buf = Buffer.alloc(240 * 1024 * 1024);
  let off = 0;
  for (let i = 0; i < 700000; i++)
    off += buf.write(`WB-${i % 900},L${i % 24},${i},skipper;mate,${'grain '.repeat(4)},towpath side, tide-dependent passage for the lock keeper\n`, off);
  return buf.subarray(0, off);
}

const server = http.createServer((req, res) => {
  const t0 = process.hrtime.bigint();
  reqs++;
  let status = 200, body;
  const m = /^\/routes\/(\d+)\/quote\?day=(\d+)$/.exec(req.url);
  if (m) body = JSON.stringify(quote(m[1], m[2]));
  else if (req.url === '/reports/manifest') body = manifest();
  else { status = 404; body = '{"error":"not found"}'; }
  res.writeHead(status, { 'content-type': m || status === 404 ? 'application/json' : 'text/csv' });
  res.end(body);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (!m || reqs % 50 === 0)
    log(30, 'request completed', { req: { method: req.method, url: req.url }, res: { statusCode: status }, responseTime: Math.round(ms * 10) / 10 });
});

setInterval(() => {
  const mu = process.memoryUsage(), hs = v8.getHeapStatistics();
  log(30, 'heap stats', { rss: mu.rss, heapTotal: mu.heapTotal, heapUsed: mu.heapUsed, external: mu.external,
    arrayBuffers: mu.arrayBuffers, total_heap_size: hs.total_heap_size, used_heap_size: hs.used_heap_size,
    heap_size_limit: hs.heap_size_limit, quote_cache: quotes.size, quote_cache_max: LRU_MAX, hits, misses, evictions });
}, 10000).unref();

process.on('SIGTERM', () => { log(30, 'SIGTERM received, closing'); server.close(() => process.exit(0)); });
server.listen(PORT, '127.0.0.1', () => log(30, `wherry 4.12.0 listening on ${PORT}`, { node: process.version }));
