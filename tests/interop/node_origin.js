// Node.js http server as an origin with a 'checkContinue' listener: it decides on the head,
// writes 100 Continue itself for /accept, answers 413 at once for /reject; echoes the body's
// length and SHA-256. Prints `listening on 127.0.0.1:PORT`.
const http = require('http');
const crypto = require('crypto');

function echo(req, res) {
  const hash = crypto.createHash('sha256');
  let length = 0;
  req.on('data', (chunk) => { hash.update(chunk); length += chunk.length; });
  req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ length, sha256: hash.digest('hex'), server: 'node' }) + '\n');
  });
}

// /chunked: a response in two writes, so Node sends it chunked.
function handler(req, res) {
  if (req.url.startsWith('/chunked')) {
    req.resume();
    req.on('end', () => { res.write('hello '); setTimeout(() => res.end('world\n'), 20); });
    return;
  }
  echo(req, res);
}

const server = http.createServer(handler);
server.on('checkContinue', (req, res) => {
  if (req.url.startsWith('/reject')) {
    res.writeHead(413, { 'Content-Type': 'text/plain', Connection: 'close' });
    res.end('too large\n');
    return;
  }
  res.writeContinue();
  echo(req, res);
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on 127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
