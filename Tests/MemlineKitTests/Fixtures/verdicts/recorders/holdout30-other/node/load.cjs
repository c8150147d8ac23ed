// stenmoor traffic: ~RATE req/s (orders 1 in 2, price lookups) and GET /api/catalog/export every EXPORT_EVERY s.
// usage: node load.cjs PORT SECONDS RATE EXPORT_EVERY
'use strict';
const http = require('http');
const [port, seconds, rate, exportEvery] = process.argv.slice(2).map(Number);
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
let n = 0, done = 0, errors = 0, nExports = 0, s = 3030;
const rnd = () => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s / 0x7fffffff; };
function call(method, path, body) {
  const req = http.request({ host: '127.0.0.1', port, method, path, agent, headers: body ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': 'stenmoor-shop/5.4 (storefront)', 'x-forwarded-for': `203.0.113.${Math.floor(rnd() * 250)}` } : {} }, (res) => { res.resume(); res.on('end', () => done++); });
  req.on('error', () => errors++);
  req.end(body);
}
const t0 = Date.now();
const tick = setInterval(() => {
  const due = Math.floor((Date.now() - t0) / 1000 * rate);
  while (n < due) {
    n++;
    if (rnd() < 0.5) {
      const lines = Array.from({ length: 3 + Math.floor(rnd() * 8) }, () => ({ sku: `SKU-${Math.floor(rnd() * 9000)}`, qty: 1 + Math.floor(rnd() * 4), note: 'x'.repeat(Math.floor(rnd() * 200)) }));
      call('POST', '/api/orders', JSON.stringify({ customer: `c-${Math.floor(rnd() * 1e6)}`, address: { line1: `${Math.floor(rnd() * 300)} High Street`, city: 'Stenmoor', postcode: 'SM1 4AB' }, lines }));
    } else call('GET', `/api/prices/SKU-${Math.floor(rnd() * 9000)}`);
  }
  if (Date.now() - t0 >= seconds * 1000) { clearInterval(tick); clearInterval(ex); setTimeout(() => { console.log(JSON.stringify({ sent: n, done, errors, exports: nExports })); process.exit(0); }, 3000); }
}, 20);
const ex = setInterval(() => { nExports++; call('GET', '/api/catalog/export'); }, exportEvery * 1000);
