// A pm2-style process manager for the saltinge-ledger api (fork mode, 3 instances, max_memory_restart):
// spawns `node api.js PORT` with NODE_APP_INSTANCE, writes pm2.log and per-instance out/error logs the way pm2
// does (~/.pm2/logs/ledger-api-out-N.log, ledger-api-error-N.log), checks every instance's memory every
// WORKER_INTERVAL ms and restarts one that exceeds max_memory_restart.
'use strict';
const { spawn } = require('child_process');
const fs = require('fs');
const path = require('path');
const [, , logDir, seconds, maxMem, ...ports] = process.argv;
const MAX = Number(maxMem) * 1024 * 1024;
const pm2log = fs.createWriteStream(path.join(logDir, 'pm2.log'), { flags: 'a' });
const stamp = () => { const d = new Date(); const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`; };
const plog = (m) => pm2log.write(`${stamp()}: PM2 log: ${m}\n`);
const apps = ports.map((port, id) => ({ id, port, restarts: 0 }));
let stopping = false;

function start(a) {
  plog(`App [ledger-api:${a.id}] starting in -fork mode-`);
  const out = fs.createWriteStream(path.join(logDir, `ledger-api-out-${a.id}.log`), { flags: 'a' });
  const err = fs.createWriteStream(path.join(logDir, `ledger-api-error-${a.id}.log`), { flags: 'a' });
  a.proc = spawn(process.execPath, [path.join(__dirname, 'api.js'), a.port], {
    env: Object.assign({}, process.env, { NODE_APP_INSTANCE: String(a.id), pm_id: String(a.id), name: 'ledger-api' }), cwd: __dirname });
  a.proc.stdout.pipe(out); a.proc.stderr.pipe(err);
  plog(`App [ledger-api:${a.id}] online`);
  a.proc.on('exit', (code, sig) => {
    plog(`App [ledger-api:${a.id}] exited with code [${code}] via signal [${sig || 'SIGINT'}]`);
    if (!stopping && !a.restarting) { a.restarts++; plog(`App [ledger-api:${a.id}] starting in -fork mode-`); start(a); }
  });
  console.error(`instance ${a.id} port ${a.port} pid ${a.proc.pid}`);
}

function rss(pid) {
  try { return Number(fs.readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]) * 4096; } catch (e) { return 0; }
}

plog('===============================================================================');
plog('--- New PM2 Daemon started ----------------------------------------------------');
plog(`Time                 : ${new Date().toString()}`);
plog(`PM2 version          : 5.3.1`);
plog(`Node.js version      : ${process.versions.node}`);
plog('===============================================================================');
apps.forEach(start);

setInterval(() => {
  for (const a of apps) {
    const m = rss(a.proc.pid);
    if (m > MAX && !a.restarting) {
      pm2log.write(`${stamp()}: PM2 log: [PM2][WORKER] Process ${a.id} restarted because it exceeds --max-memory-restart value (current_memory=${m} max_memory_limit=${MAX} [octets])\n`);
      a.restarting = true;
      a.proc.once('exit', () => { a.restarting = false; a.restarts++; start(a); });
      a.proc.kill('SIGINT');
    }
  }
}, 5000).unref();

setTimeout(() => {
  stopping = true;
  plog('Stopping app:ledger-api id:all');
  apps.forEach((a) => a.proc.kill('SIGINT'));
  setTimeout(() => process.exit(0), 2500);
}, Number(seconds) * 1000);
