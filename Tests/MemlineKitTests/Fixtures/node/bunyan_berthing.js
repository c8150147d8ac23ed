const bunyan = require('bunyan');
const http = require('http');
const log = bunyan.createLogger({name: 'berthing-api', serializers: bunyan.stdSerializers});
const server = http.createServer((req, res) => {
  const start = Date.now();
  res.on('finish', () => {
    log.info({req, res, latency: Date.now() - start}, 'request finish');
  });
  if (req.url.startsWith('/boom')) { log.error({err: new Error('boom ' + req.url)}, 'handler failed'); res.statusCode = 500; }
  res.end('ok');
});
server.listen(0, '127.0.0.1', async () => {
  const port = server.address().port;
  log.info('listening on %d', port);
  for (const path of ['/berths/12', '/berths/13?x=1', '/boom/1', '/berths/7/tides']) {
    await new Promise(r => http.get({port, path}, res => { res.resume(); res.on('end', r); }));
  }
  const m = process.memoryUsage();
  log.info({memory: m}, 'memory');
  log.info(m, 'heap');
  server.close();
});
