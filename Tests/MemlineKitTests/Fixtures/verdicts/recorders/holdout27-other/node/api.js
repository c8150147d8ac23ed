// saltinge-ledger api 4.8.0: one of three fork-mode instances (pm2-style, INSTANCE 0..2) behind the edge proxy,
// which routes by `hash $http_x_tenant consistent`. JSON log lines on stdout (pino-like); every 10 s a heap line
// (process.memoryUsage() + v8.getHeapStatistics()).
'use strict';
const http = require('http');
const v8 = require('v8');
const { bus, registerSettlementWebhook } = require('./webhooks');
const { agingReport } = require('./reports');

const port = Number(process.argv[2]);
const instance = Number(process.env.NODE_APP_INSTANCE || 0);
const tenants = require('./tenants.json');
let reqs = 0;

function log(level, obj) {
  process.stdout.write(JSON.stringify(Object.assign({ level, time: Date.now(), pid: process.pid, hostname: 'ledger-app-3', instance }, obj)) + '\n');
}

const server = http.createServer((req, res) => {
  const t0 = process.hrtime.bigint();
  const tenant = req.headers['x-tenant'] || 'unknown';
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    reqs++;
    let status = 200, out;
    const url = req.url.split('?')[0];
    if (req.method === 'POST' && url === '/invoices') {
      const inv = { id: 'INV-' + Math.floor(Math.random() * 1e8), tenant, lines: JSON.parse(body || '{}').lines || [] };
      if (tenants[tenant] && tenants[tenant].settlementWebhook) registerSettlementWebhook(inv, tenants[tenant].settlementWebhook);
      out = JSON.stringify({ id: inv.id, status: 'open' });
    } else if (req.method === 'GET' && /^\/invoices\/[A-Z0-9-]+$/.test(url)) {
      out = JSON.stringify({ id: url.split('/')[2], status: 'open', total: 412.5 });
    } else if (req.method === 'GET' && url === '/reports/aging.csv') {
      out = agingReport(tenant);
    } else if (url === '/healthz') {
      out = 'ok';
    } else { status = 404; out = 'not found'; }
    res.writeHead(status, { 'content-type': url.endsWith('.csv') ? 'text/csv' : 'application/json' });
    res.end(out);
    log(30, { req: { method: req.method, url: req.url, tenant }, res: { statusCode: status },
      responseTime: Number(process.hrtime.bigint() - t0) / 1e6, msg: 'request completed' });
  });
});

server.listen(port, '127.0.0.1', () => log(30, { msg: `saltinge-ledger 4.8.0 listening on 127.0.0.1:${port}`, node: process.version }));

setInterval(() => {
  const m = process.memoryUsage();
  const h = v8.getHeapStatistics();
  log(30, { msg: 'heap', rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external,
    arrayBuffers: m.arrayBuffers, total_heap_size: h.total_heap_size, used_heap_size: h.used_heap_size,
    heap_size_limit: h.heap_size_limit, requests: reqs });
}, 10000).unref();

process.on('SIGINT', () => { log(30, { msg: 'SIGINT received, closing' }); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 1500).unref(); });
