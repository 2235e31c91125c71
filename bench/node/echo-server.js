#!/usr/bin/env node
// An echo server built on npm's "ws", an implementation independent of this
// project, for `make check-node`: the conformance checker is pointed at it
// to show what it reports about a server it has never seen.
//
//   node echo-server.js [PORT]     # prints ws://127.0.0.1:PORT/ on a line of its own
//
// It listens on 127.0.0.1 only, echoes every message with its type, and
// exits when its standard input closes or on SIGTERM.
'use strict';

const { WebSocketServer } = require('ws');

const port = Number(process.argv[2] || 0);
const wss = new WebSocketServer({ host: '127.0.0.1', port, perMessageDeflate: false });
wss.on('listening', () => {
  process.stdout.write(`ws://127.0.0.1:${wss.address().port}/\n`);
});
wss.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {}); // a peer breaking the rules is what the checker does on purpose
});
const stop = () => wss.close(() => process.exit(0));
process.stdin.on('end', stop);
process.stdin.resume();
process.on('SIGTERM', stop);
