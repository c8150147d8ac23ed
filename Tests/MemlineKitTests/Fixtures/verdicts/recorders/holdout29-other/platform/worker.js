// larchgate worker dyno: a small in-process scheduler (node 20). SyncVehiclePositions every 4 s pulls the AVL
// feed (big transient arrays); RebuildRouteIndex every 28 s rebuilds the route/stop index and keeps the old one
// in previousIndexes "to diff the next build against", which nothing ever trims.
const dyno = process.env.DYNO;
const line = (lvl, msg) => process.stdout.write(`${lvl.toUpperCase()} [${new Date().toISOString()}] ${msg}\n`);
const previousIndexes = [];
const mem = () => { const m = process.memoryUsage(); return `rss_mb=${(m.rss / 1048576).toFixed(1)} heap_used_mb=${(m.heapUsed / 1048576).toFixed(1)}`; };
let current = null, syncs = 0, builds = 0;
function syncVehiclePositions() {
  const t0 = Date.now();
  const feed = [];
  for (let i = 0; i < 60000; i++) feed.push({vehicle: i % 1400, lat: 53 + Math.random(), lon: -1.5 - Math.random(), ts: t0, raw: `AVL,${i},${Math.random()}`});
  const moved = feed.filter((v) => v.lat > 53.5).length;
  syncs++;
  line('info', `job=SyncVehiclePositions run=${syncs} positions=${feed.length} moved=${moved} duration_ms=${Date.now() - t0} ${mem()}`);
}
function rebuildRouteIndex() {
  const t0 = Date.now();
  const index = new Map();
  for (let r = 0; r < 140; r++) for (let s = 0; s < 500; s++)
    index.set(`R${r}:S${s}`, {route: r, stop: s, seq: s, headways: [r % 7, s % 11, (r + s) % 13], label: `Route ${r} stop ${s} inbound`});
  if (current) previousIndexes.push(current);
  current = index;
  builds++;
  line('info', `job=RebuildRouteIndex run=${builds} routes=140 entries=${index.size} duration_ms=${Date.now() - t0} ${mem()}`);
}
line('info', `larchgate worker 2.31.0 starting (${dyno}), scheduler: SyncVehiclePositions every 4s, RebuildRouteIndex every 28s`);
setInterval(syncVehiclePositions, 4000);
setTimeout(() => { rebuildRouteIndex(); setInterval(rebuildRouteIndex, 28000); }, 9000);
process.on('SIGTERM', () => { line('info', 'SIGTERM received, shutting down scheduler'); process.exit(0); });
