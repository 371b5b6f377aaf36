// Node.js's http2 module as a peer of tests/peers/h2_cells, written without the library.
//   node h2_node.js server         an HTTP/2 origin (cleartext, prior knowledge) on a free port:
//                                  prints `listening on 127.0.0.1:PORT`; the compatibility API
//                                  (no 'checkContinue' listener) answers Expect with a 100 at
//                                  once; 200 with the body's length once it is in
//   node h2_node.js client URL FILE
//                                  an upload with `expect: 100-continue` that holds its body
//                                  until a 100 or 1 s, as curl does (Node's http2 client emits
//                                  'continue' but does not hold a body by itself); prints
//                                  `status=S interim=LIST` and exits 0, or 1 on a stream error
'use strict';
const http2 = require('http2');
const fs = require('fs');

if (process.argv[2] === 'server') {
  const server = http2.createServer((req, res) => {
    let length = 0;
    req.on('data', (chunk) => { length += chunk.length; });
    req.on('end', () => {
      const body = JSON.stringify({ length, expect: req.headers.expect || null }) + '\n';
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
      res.end(body);
    });
  });
  server.listen(0, '127.0.0.1', () => {
    console.log(`listening on 127.0.0.1:${server.address().port}`);
  });
} else {
  const url = new URL(process.argv[3]);
  const body = fs.readFileSync(process.argv[4]);
  const session = http2.connect(url.origin);
  const interim = [];
  let status = 0;
  const req = session.request({
    ':method': 'POST', ':path': url.pathname, 'expect': '100-continue',
    'content-length': body.length,
  });
  let sent = false;
  const send = () => { if (!sent) { sent = true; req.end(body); } };
  const timer = setTimeout(send, 1000);
  req.on('continue', () => { clearTimeout(timer); send(); });
  req.on('headers', (h) => { interim.push(h[':status']); });
  req.on('response', (h) => {
    status = h[':status'];
    clearTimeout(timer);
    if (status >= 300 && !sent) { sent = true; req.close(http2.constants.NGHTTP2_CANCEL); }
  });
  req.resume();
  req.on('close', () => {
    console.log(`status=${status} interim=${interim.join(',') || '-'}`);
    session.close();
    process.exitCode = status ? 0 : 1;
  });
  req.on('error', () => {});
}
