#!/usr/bin/env node
// Echo throughput of the npm "ws" client, for comparison with wsclient in
// make bench (scripts/bench.sh). Like BenchmarkEcho it streams binary
// messages of CHUNK bytes through an echo server and counts the bytes that
// come back. A warm-up of min(8*CHUNK, 4 MiB) goes first and comes back
// whole; then the clock starts, the measured TOTAL bytes are sent, and the
// clock stops once they are back. (Sending everything at once and starting
// the clock at the warm-up's echo, as this script first did, let the
// server echo a short run before the clock started: Node's synchronous
// send loop queues up to 1 MiB before it reads a byte. At 11 B that made
// 1 MB "take" 0.1 s where 20 MB take 5 s.)
//
//   node echo-bench.js ws://127.0.0.1:PORT/echo CHUNK TOTAL [TIMEOUT_S]
//
// It prints one machine-readable line and exits 0:
//
//   node-ws chunk=65536 bytes=1073741824 seconds=2.345 MB/s=457.9 msgs/s=6987
//
// or prints "node-ws error=..." to stderr and exits 1 (connection failure,
// a close before the end, or TIMEOUT_S seconds passed; default 60).
'use strict';

const WebSocket = require('ws');

function fail(msg) {
  process.stderr.write(`node-ws error=${JSON.stringify(String(msg))}\n`);
  process.exit(1);
}

const [url, chunkArg, totalArg, timeoutArg] = process.argv.slice(2);
const chunk = Number(chunkArg);
const total = Number(totalArg);
const timeoutS = Number(timeoutArg || 60);
if (!url || !/^wss?:\/\//.test(url) || !(chunk > 0) || !(total > 0)) {
  fail('usage: node echo-bench.js ws://HOST:PORT/echo CHUNK TOTAL [TIMEOUT_S]');
}

const payload = Buffer.alloc(chunk);
for (let i = 0; i < chunk; i++) payload[i] = 97 + (i % 26); // like the Go side
const warm = Math.min(8 * chunk, 4 << 20);
const goal = warm + total; // bytes to see come back
// Keep at most this much queued in the client (ws's bufferedAmount): enough
// to keep the pipe full, little enough to stay a fair, bounded client.
const highWater = Math.max(4 * chunk, 1 << 20);

const timer = setTimeout(() => fail(`timeout after ${timeoutS}s`), timeoutS * 1000);
const ws = new WebSocket(url, { perMessageDeflate: false });
ws.binaryType = 'nodebuffer';

let sent = 0; // bytes handed to ws.send
let received = 0;
let started = 0n;
let done = false;
let until = warm; // what pump sends up to: the warm-up, then everything

function pump() {
  // Send until the goal is queued or the socket buffer is full; the write
  // callback of the last send resumes once it has drained.
  while (sent < until && ws.readyState === WebSocket.OPEN) {
    sent += chunk;
    if (ws.bufferedAmount + chunk >= highWater || sent >= until) {
      ws.send(payload, { binary: true }, (err) => { if (!err) pump(); });
      return;
    }
    ws.send(payload, { binary: true });
  }
}

ws.on('open', pump);
ws.on('message', (data) => {
  received += data.length;
  if (started === 0n && received >= warm) { // the warm-up is back: measure from here
    started = process.hrtime.bigint();
    until = goal;
    pump();
  }
  if (received >= goal && !done) {
    done = true;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const measured = received - warm;
    clearTimeout(timer);
    process.stdout.write(
      `node-ws chunk=${chunk} bytes=${measured} seconds=${seconds.toFixed(3)} ` +
      `MB/s=${(measured / 1e6 / seconds).toFixed(1)} msgs/s=${Math.round(measured / chunk / seconds)}\n`);
    ws.close(1000, 'done');
  }
});
ws.on('close', (code) => {
  if (!done) fail(`closed with ${code} after ${received} of ${goal} bytes`);
  process.exit(0);
});
ws.on('error', (err) => fail(err.message));
