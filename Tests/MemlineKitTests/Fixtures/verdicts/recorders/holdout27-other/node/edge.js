// The edge proxy in front of the three api instances: `hash $http_x_tenant consistent` (ketama ring, crc32, 160
// points per upstream, as nginx does), nginx-style access log with the tenant, upstream and timings.
'use strict';
const http = require('http');
const fs = require('fs');
const zlib = require('zlib');
const [, , listenPort, logFile, ...ups] = process.argv;
const log = fs.createWriteStream(logFile, { flags: 'a' });

const ring = [];
for (const u of ups) for (let i = 0; i < 160; i++) ring.push([zlib.crc32 ? zlib.crc32(`${u}\0${i}`) : crc32(`${u}\0${i}`), u]);
ring.sort((a, b) => a[0] - b[0]);
function crc32(s) {
  let c, crc = 0xFFFFFFFF;
  for (const b of Buffer.from(s)) { c = (crc ^ b) & 0xFF; for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xEDB88320 : c >>> 1; crc = (crc >>> 8) ^ c; }
  return (crc ^ 0xFFFFFFFF) >>> 0;
}
function pick(key) {
  const h = crc32(key);
  for (const [p, u] of ring) if (p >= h) return u;
  return ring[0][1];
}
if (process.env.PRINT_RING) { for (const t of process.env.PRINT_RING.split(',')) console.log(t, pick(t)); process.exit(0); }

function stamp(d) {
  const m = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const off = -d.getTimezoneOffset(), sg = off >= 0 ? '+' : '-', a = Math.abs(off);
  const p = (n) => String(n).padStart(2, '0');
  return `${p(d.getDate())}/${m[d.getMonth()]}/${d.getFullYear()}:${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())} ${sg}${p(Math.floor(a / 60))}${p(a % 60)}`;
}

http.createServer((req, res) => {
  const t0 = Date.now();
  const tenant = req.headers['x-tenant'] || '-';
  const up = pick(tenant);
  const [host, port] = up.split(':');
  const preq = http.request({ host, port, method: req.method, path: req.url, headers: req.headers }, (pres) => {
    let bytes = 0, t1 = Date.now();
    res.writeHead(pres.statusCode, pres.headers);
    pres.on('data', (c) => { bytes += c.length; res.write(c); });
    pres.on('end', () => {
      res.end();
      const rt = ((Date.now() - t0) / 1000).toFixed(3);
      log.write(`${req.headers['x-forwarded-for'] || '127.0.0.1'} - - [${stamp(new Date())}] "${req.method} ${req.url} HTTP/1.1" ${pres.statusCode} ${bytes} "-" "${req.headers['user-agent'] || '-'}" tenant=${tenant} upstream=${up} rt=${rt} urt=${rt}\n`);
    });
  });
  preq.on('error', () => {
    res.writeHead(502); res.end();
    log.write(`${req.headers['x-forwarded-for'] || '127.0.0.1'} - - [${stamp(new Date())}] "${req.method} ${req.url} HTTP/1.1" 502 0 "-" "${req.headers['user-agent'] || '-'}" tenant=${tenant} upstream=${up} rt=${((Date.now() - t0) / 1000).toFixed(3)} urt=-\n`);
  });
  req.pipe(preq);
}).listen(Number(listenPort), '127.0.0.1');
