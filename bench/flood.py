#!/usr/bin/env python3
"""Floods a running dsmq server with puts and prints what it holds afterwards.

One connection pipelines N puts of S bytes over four topics, confirms the last with a get_latest,
then reads the server's health endpoint and its resident memory. Used for the README's
"Limits and guarantees" figures, for example:

    java -Xmx256m -jar target/dsmq-server-0.1.0-SNAPSHOT.jar --server.port=8080 &
    bench/flood.py --pid $! --puts 3000000 --size 100
"""
import argparse
import json
import socket
import time
import urllib.request


def frame(request):
    body = json.dumps(request).encode()
    return ('{"msg_length": %d}' % (1_000_000 + len(body))).encode() + body


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        return int(next(line for line in status if line.startswith("VmRSS")).split()[1]) // 1024


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=30008)
    parser.add_argument("--management-port", type=int, default=8080)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--puts", type=int, default=1_000_000)
    parser.add_argument("--size", type=int, default=100)
    args = parser.parse_args()
    padding = "x" * (args.size - 8)
    start = time.time()
    with socket.create_connection(("127.0.0.1", args.port)) as connection:
        for first in range(0, args.puts, 50_000):
            last = min(args.puts, first + 50_000)
            connection.sendall(b"".join(frame({"action": "put", "topic": f"flood-{i % 4}",
                                               "message": f"{i:08d}{padding}"}) for i in range(first, last)))
        connection.sendall(frame({"action": "get_latest", "topic": f"flood-{(args.puts - 1) % 4}"}))
        replies = connection.makefile("rb")
        header = replies.read(23)
        newest = json.loads(replies.read(int(header[15:22]) - 1_000_000))["message"]
    health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{args.management_port}/actuator/health"))
    held = health["components"]["dsmq"]["details"]["messages"]
    print(f"{args.puts} puts of {args.size} B ({args.puts * args.size / 1e6:.0f} MB) in {time.time() - start:.1f} s;"
          f" newest readable: {newest[:8]}; held {held} messages; RSS {rss_mb(args.pid)} MB")


if __name__ == "__main__":
    main()
