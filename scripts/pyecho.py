#!/usr/bin/python3
"""An echo server built on Python's "websockets" (Debian's python3-websockets),
an implementation independent of this project, for `make check-peers`.

It is set up the way websockets runs Autobahn|Testsuite against itself
(its compliance/ directory): every message echoed with its type, messages
up to 32 MiB (Autobahn's 9.x send 16 MiB), permessage-deflate offered as
the library does by default. It listens on 127.0.0.1 only, prints the
ws:// URL on a line of its own, and exits when its standard input closes
or on SIGTERM.

    /usr/bin/python3 scripts/pyecho.py        # prints ws://127.0.0.1:PORT/
"""
import asyncio
import signal
import sys

import websockets


async def echo(ws, path=None):
    # "path" is passed by websockets 10.x and not by 13 and later.
    async for message in ws:
        await ws.send(message)


async def main():
    loop = asyncio.get_running_loop()
    stop = loop.create_future()
    loop.add_signal_handler(signal.SIGTERM, stop.set_result, None)
    # Standard input closing ends the server too, as the other peers do.
    loop.add_reader(sys.stdin.fileno(), lambda: sys.stdin.read(1) or (stop.done() or stop.set_result(None)))
    async with websockets.serve(echo, "127.0.0.1", 0, max_size=2**25, max_queue=1) as server:
        port = server.sockets[0].getsockname()[1]
        print(f"ws://127.0.0.1:{port}/", flush=True)
        await stop


if __name__ == "__main__":
    asyncio.run(main())
