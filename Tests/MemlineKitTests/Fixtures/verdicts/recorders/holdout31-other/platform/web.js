// ottermere web dyno (Node 20, plain http, morgan "tiny" lines on stdout): order pages, invoices, CSV exports.
// PDF_RENDERER=service (default) hands invoices to the pdf service; PDF_RENDERER=inline renders them in-process
// with pdfkit-style font subsets that are registered per document and never released.
'use strict';
const http = require('http');
const port = Number(process.env.PORT);
const renderer = process.env.PDF_RENDERER || 'service';
const fontRegistry = [];            // inline renderer: every document registers its subset here
let orders = 0, invoices = 0;

function renderInline(id) {
  const subset = { doc: `INV-${id}`, family: 'Inter', glyphs: [] };
  for (let cp = 32; cp < 1400; cp++) subset.glyphs.push({ cp, adv: 480 + (cp % 60), name: `g${cp}` });
  fontRegistry.push(subset);
  return Buffer.from(`%PDF-1.7 invoice ${id} ${subset.glyphs.length} glyphs`);
}

function exportCsv() {
  // every order line of the quarter, built in one buffer before sending
  const buf = Buffer.alloc(560 * 1024 * 1024, 0x2c);
  const head = Buffer.from('order_id,sku,qty,price\n');
  head.copy(buf);
  return buf.subarray(0, 4 * 1024 * 1024);
}

const server = http.createServer((req, res) => {
  const t0 = process.hrtime.bigint();
  let body, status = 200, type = 'application/json';
  let m;
  if ((m = req.url.match(/^\/orders\/(\d+)\/invoice\.pdf$/))) {
    invoices++;
    if (renderer === 'inline') { body = renderInline(m[1]); type = 'application/pdf'; }
    else { body = Buffer.from(JSON.stringify({ url: `https://pdf.ottermere.internal/invoices/${m[1]}` })); }
  } else if ((m = req.url.match(/^\/orders\/(\d+)$/))) {
    orders++;
    body = Buffer.from(JSON.stringify({ id: Number(m[1]), box: 'family-4', status: 'packed' }));
  } else if (req.url === '/exports/orders.csv') {
    body = exportCsv(); type = 'text/csv';
  } else if (req.url === '/health') {
    body = Buffer.from('{"ok":true}');
  } else { status = 404; body = Buffer.from('{}'); }
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': body.length });
  res.end(body);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`${req.method} ${req.url} ${status} ${body.length} - ${ms.toFixed(3)} ms`);
});
server.keepAliveTimeout = 1000;
server.listen(port, '127.0.0.1', () => console.log(`ottermere web listening on ${port} (pdf renderer: ${renderer}, node ${process.version})`));
setInterval(() => console.log(`stats orders=${orders} invoices=${invoices} renderer=${renderer}`), 15000).unref();
process.on('SIGTERM', () => { console.log('SIGTERM received, closing server'); server.close(() => process.exit(0)); setTimeout(() => process.exit(0), 500).unref(); });
