// One web dyno for the h24 platform incidents (Node 18+, stdlib http only). APP selects the app:
//   hobbleford  freight portal: GET /shipments/:id, GET /quotes?lane=, POST /manifests/import (keeps every parsed
//               manifest in importedManifests "for the reconciliation preview": the leak), and the in-process
//               SitemapRebuild job every 25 s (~70 MB of transient strings, freed)
//   fernacre    allotment bookings: GET /plots/:id, GET /search?q=, POST /bookings; plot pages cached in an LRU
//               bounded at 400 entries (~80-90 KB each), logged every 15 s
// Logs one line per app event on stdout (the platform stamps them).
'use strict';
const http = require('http');
const APP = process.env.APP, PORT = +process.env.PORT, REL = process.env.RELEASE || 'v1';
const importedManifests = new Map();
const plotCache = new Map();
const CACHE_MAX = 400;
let sitemapRuns = 0;

function parseManifest(partner, rows) {
  const lines = [];
  for (let i = 0; i < rows; i++) {
    lines.push({ sku: `HB-${partner}-${i}`, qty: (i * 7) % 40 + 1, pallet: `P${(i / 24) | 0}`,
                 note: `dock ${i % 9} bay ${i % 31} seal ${(i * 2654435761) % 100000} ${partner}` });
  }
  return lines;
}

function sitemapRebuild() {
  const t0 = Date.now();
  let urls = [];
  for (let i = 0; i < 420000; i++) urls.push(`https://hobbleford.example/shipments/${i}/track?ref=${i * 31}#route-${i % 97}`);
  const bytes = urls.reduce((a, u) => a + u.length, 0);
  urls = null;
  sitemapRuns++;
  console.log(`job=SitemapRebuild status=done run=${sitemapRuns} urls=420000 bytes=${bytes} duration=${Date.now() - t0}ms`);
}

function plotPage(id) {
  if (plotCache.has(id)) { const v = plotCache.get(id); plotCache.delete(id); plotCache.set(id, v); return v; }
  const v = `plot ${id} `.repeat(8000);
  plotCache.set(id, v);
  if (plotCache.size > CACHE_MAX) plotCache.delete(plotCache.keys().next().value);
  return v;
}

const server = http.createServer((req, res) => {
  const u = new URL(req.url, 'http://x');
  let body = '';
  req.on('data', (c) => { body += c; });
  req.on('end', () => {
    let out = 'ok', status = 200;
    if (APP === 'hobbleford' && req.method === 'POST' && u.pathname === '/manifests/import') {
      const partner = u.searchParams.get('partner') || 'anon';
      const t0 = Date.now();
      const rows = 500000;
      const m = parseManifest(partner, rows);
      importedManifests.set(`${partner}-${Date.now()}`, m);
      console.log(`manifest import partner=${partner} rows=${rows} kept=${importedManifests.size} duration=${Date.now() - t0}ms`);
      out = JSON.stringify({ rows });
      status = 201;
    } else if (APP === 'hobbleford' && u.pathname.startsWith('/shipments/')) {
      out = JSON.stringify({ id: u.pathname.split('/')[2], status: 'in_transit', legs: [1, 2, 3] });
    } else if (APP === 'hobbleford' && u.pathname === '/quotes') {
      const lane = u.searchParams.get('lane') || 'x';
      let s = 0; for (let i = 0; i < 200000; i++) s += (i * lane.length) % 7;
      out = JSON.stringify({ lane, price: s % 900 });
    } else if (APP === 'fernacre' && u.pathname.startsWith('/plots/')) {
      out = plotPage(u.pathname.split('/')[2]).slice(0, 200);
    } else if (APP === 'fernacre' && u.pathname === '/search') {
      const q = u.searchParams.get('q') || '';
      out = JSON.stringify(Array.from({ length: 40 }, (_, i) => `${q}-${i}`));
    } else if (APP === 'fernacre' && req.method === 'POST' && u.pathname === '/bookings') {
      status = 201; out = JSON.stringify({ booked: true });
    } else if (u.pathname !== '/healthz') {
      status = 404; out = 'not found';
    }
    res.writeHead(status, { 'Content-Type': 'application/json', Connection: 'close' });
    res.end(out);
  });
});
server.listen(PORT, '127.0.0.1', () => console.log(`${APP} ${REL} listening on ${PORT} (node ${process.version})`));
if (APP === 'hobbleford') setInterval(sitemapRebuild, 25000);
if (APP === 'fernacre') setInterval(() => console.log(`plot_cache entries=${plotCache.size}/${CACHE_MAX}`), 15000);
process.on('SIGTERM', () => { console.log('SIGTERM received, closing'); server.close(); process.exit(0); });
