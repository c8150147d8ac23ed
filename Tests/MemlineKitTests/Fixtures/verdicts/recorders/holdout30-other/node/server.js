// stenmoor order API (Node 20, plain http, pino-style JSON logs). POST /api/orders, GET /api/prices/:sku,
// GET /api/catalog/export (the whole catalogue as one JSON document). Feature flags are read from flags.json
// and re-read when the file changes. Every 10 s it logs a memstats line (process.memoryUsage, v8 heap spaces).
'use strict';
const http = require('http');
const fs = require('fs');
const os = require('os');
const v8 = require('v8');
const crypto = require('crypto');

const port = Number(process.argv[2]);
const flagsPath = process.argv[3];
const logPath = process.argv[4];
const out = fs.createWriteStream(logPath, { flags: 'a' });
const base = { pid: process.pid, hostname: os.hostname() };
function log(level, obj, msg) {
  out.write(JSON.stringify({ level, time: Date.now(), ...base, ...obj, msg }) + '\n');
}

let flags = JSON.parse(fs.readFileSync(flagsPath, 'utf8'));
fs.watchFile(flagsPath, { interval: 500 }, () => {
  const next = JSON.parse(fs.readFileSync(flagsPath, 'utf8'));
  for (const k of Object.keys(next)) {
    if (next[k] !== flags[k]) log(30, { flag: k, from: flags[k], to: next[k], source: 'flags.json' }, 'feature flag changed');
  }
  flags = next;
});

// Price cache: an LRU bounded at 5,000 SKUs.
const priceCache = new Map();
function price(sku) {
  if (priceCache.has(sku)) { const v = priceCache.get(sku); priceCache.delete(sku); priceCache.set(sku, v); return v; }
  const v = { sku, cents: 100 + (crypto.createHash('md5').update(sku).digest()[0] * 37), tiers: Array.from({ length: 12 }, (_, i) => ({ qty: (i + 1) * 10, pct: i })) };
  priceCache.set(sku, v);
  if (priceCache.size > 5000) priceCache.delete(priceCache.keys().next().value);
  return v;
}

// Order audit: with audit.capture_bodies on, each order's request is queued for the audit sink and removed when
// the sink acknowledges it. The sink is only started when AUDIT_SINK_URL is set.
const pendingAudit = new Map();
function captureForAudit(id, req, body) {
  pendingAudit.set(id, { id, at: new Date().toISOString(), headers: { ...req.headers }, body: JSON.parse(body), raw: body, pretty: JSON.stringify(JSON.parse(body), null, 2), trace: new Error('audit capture').stack });
}
if (process.env.AUDIT_SINK_URL) setInterval(() => pendingAudit.clear(), 5000);

function exportCatalog() {
  const items = [];
  for (let i = 0; i < 220000; i++) items.push({ sku: `SKU-${i}`, name: `Catalogue item ${i}`, tags: ['garden', 'tools', String(i % 97)], price: price(`SKU-${i % 4000}`).cents });
  return JSON.stringify({ generated: new Date().toISOString(), items });
}

let seq = 0;
const server = http.createServer((req, res) => {
  const t0 = process.hrtime.bigint();
  const id = `req-${(++seq).toString(36)}`;
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    let status = 200, payload;
    if (req.method === 'POST' && req.url === '/api/orders') {
      const order = JSON.parse(body);
      if (flags['audit.capture_bodies']) captureForAudit(id, req, body);
      status = 201; payload = JSON.stringify({ order: id, total: order.lines.reduce((s, l) => s + price(l.sku).cents * l.qty, 0) });
    } else if (req.method === 'GET' && req.url.startsWith('/api/prices/')) {
      payload = JSON.stringify(price(req.url.slice(12)));
    } else if (req.method === 'GET' && req.url === '/api/catalog/export') {
      payload = exportCatalog();
    } else { status = 404; payload = '{"error":"not found"}'; }
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(payload);
    log(30, { req: { id, method: req.method, url: req.url, remoteAddress: req.socket.remoteAddress }, res: { statusCode: status },
              responseTime: Number(process.hrtime.bigint() - t0) / 1e6 }, 'request completed');
  });
});

setInterval(() => {
  const m = process.memoryUsage();
  const spaces = Object.fromEntries(v8.getHeapSpaceStatistics().filter((s) => ['new_space', 'old_space', 'large_object_space', 'code_space'].includes(s.space_name)).map((s) => [s.space_name, s.space_used_size]));
  log(30, { memory: { rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers }, heapSpaces: spaces, priceCacheSize: priceCache.size }, 'memstats');
}, 10000).unref();

server.listen(port, '127.0.0.1', () => log(30, { version: '2.31.0', node: process.version, flags }, `stenmoor listening on ${port}`));
process.on('SIGTERM', () => { log(30, {}, 'SIGTERM received, closing'); server.close(); out.end(() => process.exit(0)); });
