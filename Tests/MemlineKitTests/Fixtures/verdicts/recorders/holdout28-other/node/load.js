// traffic: ~300 quote lookups/s over ~7,000 route/day keys (the LRU holds 5,000), manifest at the given seconds
'use strict';
const http = require('http');
const [port, seconds, at] = [Number(process.argv[2]), Number(process.argv[3]), process.argv[4].split(',').map(Number)];
const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
const get = (path) => new Promise((ok) => http.get({ host: '127.0.0.1', port, path, agent }, (r) => { r.resume(); r.on('end', ok); }).on('error', ok));
let n = 0, seed = 28;
const rnd = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
const t0 = Date.now();
for (const s of at) setTimeout(() => get('/reports/manifest'), s * 1000);
(async () => {
  while (Date.now() - t0 < seconds * 1000) {
    // keys spread in over the first 25 s, then stay inside 7,000
    const span = Math.min(7000, 300 + (Date.now() - t0) / 3.5);
    const k = Math.floor(rnd() * span);
    await Promise.all([get(`/routes/${k % 350}/quote?day=${Math.floor(k / 350)}`), new Promise((r) => setTimeout(r, 3))]);
    n++;
  }
  console.log(`sent ${n} quote lookups`);
  agent.destroy();
})();
