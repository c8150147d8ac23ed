'use strict';
// larkspur worker dyno: a tiny in-process job loop (the real app uses a Redis queue). ImageVariantJob every ~2 s
// (a few MB transient), SitemapRebuildJob once when SITEMAP_AT seconds have passed: builds the full sitemap into a
// SITEMAP_MB buffer, holds it while "uploading" (SITEMAP_HOLD s), then drops it. Procfile runs it as
// `node --expose-gc worker.js` and every job ends with a full gc() (added after an earlier memory scare).
const os = require('node:os');
const log = (level, obj) => process.stdout.write(JSON.stringify({ level, time: Date.now(), pid: process.pid,
  hostname: os.hostname(), ...obj }) + '\n');
const started = Date.now();
let seq = 1000 + Math.floor(Math.random() * 9000);
let sitemapDone = Number(process.env.SITEMAP_AT || 0) <= 0;

async function run(job, fn) {
  const id = seq++; const t0 = Date.now();
  log(30, { msg: 'job started', queue: 'default', job, id });
  await fn();
  if (global.gc) global.gc();
  log(30, { msg: 'job completed', queue: 'default', job, id, ms: Date.now() - t0 });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function imageVariant() {
  const bufs = [];
  for (let i = 0; i < 6; i++) bufs.push(Buffer.allocUnsafe(1 << 20).fill(i));
  await sleep(300);
}

async function sitemapRebuild() {
  const mb = Number(process.env.SITEMAP_MB || 540);
  let buf = Buffer.allocUnsafe(mb * (1 << 20));
  for (let off = 0; off < buf.length; off += 4096) buf[off] = 60;
  await sleep(Number(process.env.SITEMAP_HOLD || 22) * 1000);
  log(30, { msg: 'sitemap uploaded', bytes: buf.length });
  buf = null;
}

(async () => {
  log(30, { msg: 'larkspur worker started', release: process.env.RELEASE });
  for (;;) {
    if (!sitemapDone && Date.now() - started > Number(process.env.SITEMAP_AT) * 1000) {
      sitemapDone = true;
      await run('SitemapRebuildJob', sitemapRebuild);
    }
    await run('ImageVariantJob', imageVariant);
    await sleep(1500 + Math.random() * 1000);
  }
})();
process.on('SIGTERM', () => { log(30, { msg: 'SIGTERM, exiting' }); process.exit(0); });
