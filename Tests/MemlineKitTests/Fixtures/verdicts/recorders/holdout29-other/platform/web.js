// larchgate web dyno: transit departures API (node 20, plain http, pino-style JSON lines on stdout).
const http = require('http');
const port = +process.env.PORT, dyno = process.env.DYNO;
const log = (o) => process.stdout.write(JSON.stringify({level: 30, time: Date.now(), pid: process.pid, hostname: dyno, ...o}) + '\n');
const stops = new Map();
for (let i = 1; i <= 3000; i++) stops.set(i, {id: i, name: `Stop ${i}`, lat: 53 + i / 1e4, lon: -1.5 - i / 1e4});
function departures(id) {
  const out = [];
  for (let k = 0; k < 12; k++) out.push({route: `R${(id * 7 + k) % 140}`, due: new Date(Date.now() + k * 240000).toISOString()});
  return {stop: stops.get(id) || null, departures: out};
}
function faresCsv() { // the fares export: every fare pair for every zone, built in one Buffer
  const rows = 5600000, row = Buffer.from('zone-0000,zone-0000,adult,peak,000.00,GBP,2026-12-07,valid\n' + ' '.repeat(37));
  const buf = Buffer.allocUnsafe(rows * row.length);
  for (let i = 0; i < rows; i++) row.copy(buf, i * row.length);
  return buf;
}
http.createServer((req, res) => {
  const t0 = process.hrtime.bigint(), rid = req.headers['x-request-id'];
  let m, status = 200, body;
  if (req.url === '/health') { res.end('ok'); return; }
  if ((m = req.url.match(/^\/api\/stops\/(\d+)\/departures$/))) body = JSON.stringify(departures(+m[1]));
  else if ((m = req.url.match(/^\/api\/vehicles\/(\d+)$/))) body = JSON.stringify({vehicle: +m[1], lat: 53.4, lon: -1.47, route: `R${m[1] % 140}`});
  else if (req.url === '/exports/fares.csv') body = faresCsv();
  else { status = 404; body = '{"error":"not found"}'; }
  res.writeHead(status, {'content-type': req.url.endsWith('.csv') ? 'text/csv' : 'application/json', 'content-length': Buffer.byteLength(body)});
  res.end(body);
  res.on('finish', () => log({req: {method: req.method, url: req.url, id: rid}, res: {statusCode: status},
    responseTime: Number(process.hrtime.bigint() - t0) / 1e6, msg: 'request completed'}));
}).listen(port, '127.0.0.1', () => log({msg: `larchgate web listening on ${port}`, version: '2.31.0'}));
process.on('SIGTERM', () => { log({msg: 'SIGTERM received, closing'}); process.exit(0); });
