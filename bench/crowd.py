#!/usr/bin/env python3
"""Opens many connections to a running dsmq server at once, answers one get on each, and prints
the server's resident memory and threads. For example:

    java -Xmx256m -jar target/dsmq-server-0.1.0-SNAPSHOT.jar --dsmq.max-connections=3000 &
    bench/crowd.py --pid $! --connections 2000
"""
import argparse
import json
import socket

GET = json.dumps({"action": "get", "topic": "crowd"}).encode()
FRAME = ('{"msg_length": %d}' % (1_000_000 + len(GET))).encode() + GET


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, default=30008)
    parser.add_argument("--pid", type=int, required=True)
    parser.add_argument("--connections", type=int, default=2000)
    args = parser.parse_args()
    connections = [socket.create_connection(("127.0.0.1", args.port)) for _ in range(args.connections)]
    for connection in connections:
        connection.sendall(FRAME)
    for connection in connections:
        reply = connection.makefile("rb")
        header = reply.read(23)
        reply.read(int(header[15:22]) - 1_000_000)
    with open(f"/proc/{args.pid}/status") as status:
        fields = dict(line.split(":", 1) for line in status)
    print(f"{args.connections} connections answered; RSS {int(fields['VmRSS'].split()[0]) // 1024} MB,"
          f" threads {fields['Threads'].strip()}")
    for connection in connections:
        connection.close()


if __name__ == "__main__":
    main()
