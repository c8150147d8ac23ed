'use strict';
// larkspur web dyno: plain node:http, pino-style JSON lines on stdout.
const http = require('node:http');
const os = require('node:os');
const { quote, traces } = require('./pricing');

const port = Number(process.env.PORT);
const log = (level, obj) => process.stdout.write(JSON.stringify({ level, time: Date.now(), pid: process.pid,
  hostname: os.hostname(), ...obj }) + '\n');

const server = http.createServer((req, res) => {
  const t0 = process.hrtime.bigint();
  const reqId = req.headers['x-request-id'] || String(Math.random());
  const url = new URL(req.url, 'http://x');
  let status = 200; let body;
  let m;
  if (req.method === 'GET' && (m = url.pathname.match(/^\/plants\/(\d+)$/))) {
    body = JSON.stringify({ plant: Number(m[1]), name: `plant-${m[1]}`, price: quote(reqId, Number(m[1])) });
  } else if (req.method === 'GET' && url.pathname === '/search') {
    const q = url.searchParams.get('q') || '';
    const hits = Array.from({ length: 40 }, (_, i) => ({ id: i * 13, name: `${q}-${i}`, score: 1 / (i + 1) }));
    body = JSON.stringify({ q, hits });
  } else if (req.method === 'POST' && url.pathname === '/basket') {
    body = JSON.stringify({ ok: true, basket: reqId.slice(0, 8) });
  } else if (url.pathname === '/healthz') {
    body = '{"ok":true}';
  } else { status = 404; body = '{"error":"not found"}'; }
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
  if (url.pathname !== '/healthz') {
    log(30, { req: { id: reqId, method: req.method, url: req.url }, res: { statusCode: status },
      responseTime: Number(process.hrtime.bigint() - t0) / 1e6, msg: 'request completed' });
  }
});
server.listen(port, '127.0.0.1', () => log(30, { msg: `larkspur web listening on ${port}`,
  release: process.env.RELEASE, priceExplain: process.env.PRICE_EXPLAIN || 'off' }));
setInterval(() => {
  const mu = process.memoryUsage();
  log(30, { msg: 'heap', heapUsed: mu.heapUsed, heapTotal: mu.heapTotal, external: mu.external, rss: mu.rss,
    traces: traces.size });
}, 60000).unref();
process.on('SIGTERM', () => { log(30, { msg: 'SIGTERM, closing' }); server.close(); process.exit(0); });
