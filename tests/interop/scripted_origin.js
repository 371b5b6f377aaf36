// A scripted HTTP/1.1 origin on raw sockets, written without the library (an independent peer):
// it plays one final-response shape per request and records byte for byte what reached it.
//
//   node scripted_origin.js LOG        prints `listening on 127.0.0.1:PORT`
//
// The shape is the first segment of the request target (`/417/ours` plays `417`); it applies to
// requests that carry `Expect: 100-continue`. A request without Expect is read whole and answered
// 200 with a JSON echo, whatever its target (so a 417 retry meets a willing origin), except in
// `http10`. Shapes:
//   continue        100 at once, then 200 after the body
//   never           no 100; 200 after the body (the client's own wait releases it)
//   late100-MS      a 100 after MS ms, even if the body is already in; the 200 after both
//   103-late100-MS  a 103 (with Link) at once, a 100 after MS ms, then as late100
//   two100          two 100s at once, then 200 after the body
//   early-STATUS    STATUS at once, before any body; the connection stays open and the
//                   announced body, if it comes, is read and dropped (RFC 9112 §9.3 keeps the
//                   connection in step), then the next request is read
//   close-STATUS    STATUS with Connection: close at once, then the connection closes
//   drop-STATUS     STATUS at once without Connection: close, then the connection closes
//   split-STATUS    as early-STATUS, but the body of STATUS comes 100 ms after its head (an
//                   origin that flushes a refusal's head first)
//   http10          an HTTP/1.0 server: no 1xx; after the body, a 200 delimited by the close
//   switch          a 101 Switching Protocols at once (HTTP/2 has no 101: a proxy answers 502),
//                   then the connection closes
// LOG gets one line per request when its body ends or its connection closes:
//   TARGET CONN EXPECT CONTENT_LENGTH BODY_BYTES SHA256 FIRST_BODY_MS COMPLETE
// EXPECT is 1 when the request carried Expect: 100-continue; FIRST_BODY_MS is when the first
// body byte came, counted from the end of the head (-1: none came); COMPLETE is 1 when the
// whole announced body arrived.
'use strict';
const net = require('net');
const fs = require('fs');
const crypto = require('crypto');

const log = fs.openSync(process.argv[2], 'a');
let connections = 0;

function answer(status, reason, body, close) {
  return `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}` +
         `${close ? '\r\nConnection: close' : ''}\r\n\r\n${body}`;
}
const reasons = { 200: 'OK', 401: 'Unauthorized', 403: 'Forbidden', 413: 'Content Too Large',
                  417: 'Expectation Failed' };

function serve(socket) {
  const conn = ++connections;
  let input = Buffer.alloc(0);
  let request = null;   // the request whose body is being read
  let closed = false;

  function record(r) {
    if (r.recorded) return;
    r.recorded = true;
    const first = r.firstBodyAt === null ? -1 : Number(r.firstBodyAt - r.headAt) / 1e6;
    fs.writeSync(log, `${r.target} ${conn} ${r.expect ? 1 : 0} ${r.contentLength} ${r.received} ` +
                      `${r.hash.digest('hex')} ${first.toFixed(1)} ${r.received === r.contentLength ? 1 : 0}\n`);
  }
  function write(bytes) { if (!closed) socket.write(bytes); }
  function finish(r) {  // the body is in: the final response, unless one went already
    record(r);
    const echo = JSON.stringify({ length: r.received, sha256: r.digest }) + '\n';
    if (r.shape === 'http10') {
      write(`HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n${echo}`);
      socket.end();
      closed = true;
      return;
    }
    const respond = () => { if (!r.answered) { r.answered = true; write(answer(200, 'OK', echo, false)); } };
    if (r.continuePending) r.afterContinue = respond; else respond();
  }
  function onHead(head) {
    const lines = head.split('\r\n');
    const [method, target, version] = lines[0].split(' ');
    const fields = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      fields[name] = fields[name] === undefined ? value : `${fields[name]}, ${value}`;
    }
    const r = {
      method, target, version, contentLength: Number(fields['content-length'] || 0),
      expect: (fields.expect || '').toLowerCase() === '100-continue', received: 0,
      hash: crypto.createHash('sha256'), digest: '', headAt: process.hrtime.bigint(),
      firstBodyAt: null, answered: false, continuePending: false, afterContinue: null,
      shape: target.split('/')[1] || '', recorded: false,
    };
    const shape = r.shape;
    if (shape !== 'http10' && r.expect) {
      let m;
      if (shape === 'continue') {
        write('HTTP/1.1 100 Continue\r\n\r\n');
      } else if (shape === 'two100') {
        write('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n');
      } else if ((m = /^(103-)?late100-(\d+)$/.exec(shape))) {
        if (m[1]) write('HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n');
        r.continuePending = true;
        setTimeout(() => {
          write('HTTP/1.1 100 Continue\r\n\r\n');
          r.continuePending = false;
          if (r.afterContinue) r.afterContinue();
        }, Number(m[2]));
      } else if (shape === 'switch') {
        r.answered = true;
        write('HTTP/1.1 101 Switching Protocols\r\nConnection: upgrade\r\nUpgrade: x\r\n\r\n');
        record(r);
        socket.end();
        closed = true;
      } else if ((m = /^(early|close|drop|split)-(\d+)$/.exec(shape))) {
        const status = Number(m[2]);
        r.answered = true;
        const text = answer(status, reasons[status] || 'Whatever', `early ${status}\n`, m[1] === 'close');
        if (m[1] === 'split') {
          const cut = text.indexOf('\r\n\r\n') + 4;
          write(text.slice(0, cut));
          setTimeout(() => write(text.slice(cut)), 100);
        } else {
          write(text);
        }
        if (m[1] === 'close' || m[1] === 'drop') {
          record(r);
          socket.end();
          closed = true;
        }
      }
    }
    return r;
  }
  function onBody(r, bytes) {
    if (bytes.length > 0 && r.firstBodyAt === null) r.firstBodyAt = process.hrtime.bigint();
    r.received += bytes.length;
    r.hash.update(bytes);
  }
  function pump() {
    while (!closed) {
      if (request === null) {
        const end = input.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = input.subarray(0, end).toString('latin1');
        input = input.subarray(end + 4);
        request = onHead(head);
        if (closed) return;
      }
      const want = request.contentLength - request.received;
      const take = Math.min(want, input.length);
      onBody(request, input.subarray(0, take));
      input = input.subarray(take);
      if (request.received < request.contentLength) return;
      const r = request;
      request = null;
      r.digest = r.hash.copy().digest('hex');
      if (r.answered) record(r); else finish(r);
    }
  }
  socket.on('data', (chunk) => { input = Buffer.concat([input, chunk]); pump(); });
  socket.on('error', () => {});
  socket.on('close', () => { closed = true; if (request !== null) record(request); });
}

const server = net.createServer(serve);
server.listen(0, '127.0.0.1', () => console.log(`listening on 127.0.0.1:${server.address().port}`));
process.on('SIGTERM', () => process.exit(0));
