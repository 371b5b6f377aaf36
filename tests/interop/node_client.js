// Node.js http client as the client: sends Expect: 100-continue, writes the body only on the
// 'continue' event (or after its own 1 s wait), prints one line of JSON: the final status, the
// 1xx it saw, and the response body.
const http = require('http');
const fs = require('fs');
const [url, file] = process.argv.slice(2);
const body = fs.readFileSync(file);
const interims = [];
let sent = false;
const req = http.request(url, {
  method: 'POST',
  headers: { 'Content-Length': body.length, Expect: '100-continue' },
});
const send = (why) => { if (!sent) { sent = true; req.end(body); } };
const timer = setTimeout(() => send('timeout'), 1000);
req.on('information', (info) => interims.push(info.statusCode));
req.on('continue', () => { clearTimeout(timer); send('continue'); });
req.on('response', (res) => {
  clearTimeout(timer);
  let text = '';
  res.on('data', (c) => { text += c; });
  res.on('end', () => {
    console.log(JSON.stringify({ status: res.statusCode, interims, sent, body: text.trim() }));
    process.exit(0);
  });
});
req.on('error', (e) => { console.log(JSON.stringify({ error: e.message })); process.exit(1); });
