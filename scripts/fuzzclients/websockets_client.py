"""An Autobahn|Testsuite client script for Python's websockets (Debian's
python3-websockets), of the usual shape: ask the fuzzing server how many
cases there are, run each one echoing every message, then ask it to write
the reports.

    python3 websockets_client.py [ws://127.0.0.1:9001] [agent]
"""
import asyncio
import sys
import urllib.parse

import websockets

BASE = sys.argv[1] if len(sys.argv) > 1 else "ws://127.0.0.1:9001"
AGENT = sys.argv[2] if len(sys.argv) > 2 else "websockets " + websockets.__version__


async def main():
    agent = urllib.parse.quote(AGENT)
    async with websockets.connect(BASE + "/getCaseCount") as ws:
        count = int(await ws.recv())
    print(f"{count} cases for {AGENT}")
    for n in range(1, count + 1):
        try:
            # Autobahn's 9.x sends messages of up to 16 MiB: allow 32 MiB,
            # as websockets' own Autobahn client does.
            async with websockets.connect(f"{BASE}/runCase?case={n}&agent={agent}", max_size=2**25) as ws:
                async for message in ws:
                    await ws.send(message)
        except websockets.exceptions.WebSocketException as e:
            # A case the client fails on purpose ends here: say it, go on.
            print(f"case {n}: {type(e).__name__}: {e}")
    async with websockets.connect(f"{BASE}/updateReports?agent={agent}") as ws:
        await ws.wait_closed()
    print("reports updated")


asyncio.run(main())
