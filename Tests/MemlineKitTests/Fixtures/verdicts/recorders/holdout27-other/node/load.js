// Traffic for the saltinge-ledger edge: RATE requests/s for SECONDS s, tenants weighted (corran-mills is the
// loudest), POST /invoices and GET /invoices/:id mostly; one GET /reports/aging.csv for tollbridge-coop at REPORT_AT s.
'use strict';
const http = require('http');
const [, , port, seconds, rate, reportAt] = process.argv;
const tenants = [['corran-mills', 40], ['harrowgate-freight', 22], ['tollbridge-coop', 14], ['pebble-and-co', 8], ['wendlebury-farms', 10], ['marsh-lane-press', 6]];
const total = tenants.reduce((s, t) => s + t[1], 0);
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
let sent = 0, failed = 0;
function pickTenant() { let r = Math.random() * total; for (const [t, w] of tenants) { if ((r -= w) < 0) return t; } return tenants[0][0]; }
function send(method, path, tenant, body) {
  sent++;
  const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: { 'x-tenant': tenant, 'content-type': 'application/json', 'user-agent': 'saltinge-web/4.8 (+erp)', 'x-forwarded-for': `10.20.${Math.floor(Math.random() * 8)}.${1 + Math.floor(Math.random() * 250)}` } },
    (res) => { res.resume(); });
  req.on('error', () => { failed++; });
  req.end(body);
}
const end = Date.now() + Number(seconds) * 1000;
const tick = setInterval(() => {
  if (Date.now() > end) { clearInterval(tick); setTimeout(() => { console.error(`sent ${sent} failed ${failed}`); process.exit(0); }, 3000); return; }
  for (let i = 0; i < Number(rate) / 10; i++) {
    const t = pickTenant(), r = Math.random();
    if (r < 0.5) send('POST', '/invoices', t, JSON.stringify({ lines: [{ sku: 'SKU-' + Math.floor(Math.random() * 900), qty: 1 + Math.floor(Math.random() * 5), price: 12.5 }] }));
    else if (r < 0.92) send('GET', `/invoices/INV-${Math.floor(Math.random() * 1e8)}`, t);
    else send('GET', '/healthz', t);
  }
}, 100);
setTimeout(() => send('GET', '/reports/aging.csv?as_of=2026-11-30', 'tollbridge-coop'), Number(reportAt) * 1000);
