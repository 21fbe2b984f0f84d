#!/usr/bin/python3
"""Talks to a running dsmq server the way published dsmq clients do, with client code the project did not write.

dsmq 1.x over WebSocket, with Debian's python3-websockets (its asyncio client, which offers permessage-deflate
and pings), and dsmq 0.1-0.4, bare JSON over a plain socket with one recv(1024) per reply as that client reads.
Last it sends shutdown as dsmq 1.x's shutdown_server() does and checks that the port then refuses connections.

    .ci/peer-clients.py PORT
"""
import asyncio
import json
import socket
import sys
import time

import websockets


def request(action, topic, **fields):
    return json.dumps({"action": action, "topic": topic, **fields})


async def ws_get(ws, topic, action="get"):
    await ws.send(request(action, topic))
    return json.loads(await ws.recv())["message"]


async def ws_get_wait(ws, topic):
    """Poll as dsmq 1.x's get_wait does: a put on another connection is not ordered before this get."""
    for attempt in range(10):
        message = await ws_get(ws, topic)
        if message != "":
            return message
        await asyncio.sleep(0.01 * 2 ** attempt)
    return message


def bare_call(sock, text):
    sock.sendall(text.encode("utf-8"))
    return json.loads(sock.recv(1024))


def check(what, got, expected):
    if got != expected:
        sys.exit(f"FAIL {what}: expected {expected!r}, got {got!r}")
    print(f"ok   {what}")


async def main(port):
    uri = f"ws://127.0.0.1:{port}"
    async with websockets.connect(uri) as reader, websockets.connect(uri) as writer:
        check("1.x get of an empty topic", await ws_get(reader, "peers"), "")
        for message in ["one", "two", "three"]:
            await writer.send(request("put", "peers", message=message))
        check("1.x get after its own put", await ws_get(writer, "peers"), "one")
        check("1.x late reader, first in first out", await ws_get(reader, "peers"), "one")
        check("1.x get_latest", await ws_get(reader, "peers", "get_latest"), "three")
        check("1.x nothing older after get_latest", await ws_get(reader, "peers"), "")
        text = "h\u00e9llo \u2713 \U0001f600"
        await writer.send(request("put", "peers", message=text))
        check("1.x unicode, polled as get_wait does", await ws_get_wait(reader, "peers"), text)
        pong = await writer.ping(b"are you there")
        await asyncio.wait_for(pong, 5)
        print("ok   1.x ping answered by a pong")
        await writer.send(request("put", "peers", message={"n": 1}, id=7))
        ack = json.loads(await writer.recv())
        seq = ack.pop("seq", None)
        check("1.x extension: id on a put, acknowledged with its seq", (ack, isinstance(seq, int)),
              ({"id": 7, "ok": True}, True))
        await writer.send(request("get", "peers", after=seq - 1, meta=True))
        described = json.loads(await writer.recv())
        check("1.x extension: after and meta read it again with its seq",
              (described.get("message"), described.get("seq"), isinstance(described.get("sent"), float)),
              ({"n": 1}, seq, True))
        check("1.x extension: a JSON value read back", await ws_get(reader, "peers"), {"n": 1})

        with socket.create_connection(("127.0.0.1", port)) as bare:
            check("0.4 get of an empty topic", bare_call(bare, request("get", "peers")), {"message": ""})
            bare.sendall(request("put", "peers", message="from 0.4").encode("utf-8"))
            check("0.4 get after its own put", bare_call(bare, request("get", "peers")), {"message": "from 0.4"})
            check("a 0.4 put read by a 1.x reader", await ws_get(reader, "peers"), "from 0.4")
            await writer.send(request("put", "peers", message="from 1.x"))
            # the writer reads its own put, so it is stored before the 0.4 reader asks
            check("1.x get_latest after its own put", await ws_get(writer, "peers", "get_latest"), "from 1.x")
            check("a 1.x put read by a 0.4 reader", bare_call(bare, request("get", "peers")), {"message": "from 1.x"})

    async with websockets.connect(uri) as stopper:
        await stopper.send(request("shutdown", ""))
        try:
            await asyncio.wait_for(stopper.recv(), 30)
            sys.exit("FAIL shutdown: a reply came instead of the close")
        except websockets.exceptions.ConnectionClosed as closed:
            check("shutdown closes the connection with", closed.code, 1000)
    deadline = time.time() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
        except ConnectionRefusedError:
            print("ok   the port refuses connections after shutdown")
            return
        if time.time() > deadline:
            sys.exit("FAIL the port still accepts connections 10 s after shutdown")
        await asyncio.sleep(0.05)


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
