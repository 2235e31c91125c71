// An Autobahn|Testsuite client script for npm's ws, of the usual shape:
// ask the fuzzing server how many cases there are, run each one echoing
// every message, then ask it to write the reports.
//
//   node ws_client.js [ws://127.0.0.1:9001] [agent]
//
// ws comes from bench/node/node_modules (make check-clients installs it).
'use strict';
const WebSocket = require('ws');

const base = process.argv[2] || 'ws://127.0.0.1:9001';
const agent = process.argv[3] || 'ws ' + require('ws/package.json').version;

function open(path, onMessage, onClose) {
  const ws = new WebSocket(base + path);
  ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary));
  ws.on('close', onClose);
  // A case the client fails on purpose ends in an error: say it, go on.
  ws.on('error', (err) => console.log(`${path}: ${err.message}`));
}

function runCase(n, count) {
  if (n > count) {
    open(`/updateReports?agent=${encodeURIComponent(agent)}`, () => {}, () => console.log('reports updated'));
    return;
  }
  open(`/runCase?case=${n}&agent=${encodeURIComponent(agent)}`,
    (ws, data, isBinary) => ws.send(data, { binary: isBinary }),
    () => runCase(n + 1, count));
}

let count = 0;
open('/getCaseCount', (ws, data) => { count = parseInt(data.toString(), 10); }, () => {
  console.log(`${count} cases for ${agent}`);
  runCase(1, count);
});
