// ottermere worker dyno: the weekly-menu digest every 12 s (renders every subscriber's menu email, then drops them).
'use strict';
let run = 0;
function digest() {
  run++;
  const t0 = Date.now();
  const mails = [];
  for (let i = 0; i < 60000; i++) mails.push({ to: `subscriber${i}@example.com`, html: `<h1>Week 50</h1><p>Box ${i % 7}</p>`.repeat(6) });
  const bytes = mails.reduce((a, m) => a + m.html.length, 0);
  console.log(`digest run=${run} emails=${mails.length} bytes=${bytes} took=${Date.now() - t0}ms`);
}
console.log(`ottermere worker started (node ${process.version})`);
const t = setInterval(digest, 12000);
process.on('SIGTERM', () => { console.log('worker: SIGTERM, finishing'); clearInterval(t); process.exit(0); });
