#!/usr/bin/env python3
"""Tries what a hostile or careless client can do to a running dsmq server, and prints what the server did.

Start a server with a small heap and its HTTP port on, for example:

    java @src/main/jvm/dsmq.options -Xmx512m -jar target/dsmq-server-0.1.0-SNAPSHOT.jar \\
        --dsmq.port=31008 --server.port=31080 > server.log 2>&1 &
    bench/hostile.py --port 31008 --http 31080 --log server.log big-puts

Each check prints one summary; the README's "Limits and guarantees" section gives the figures of these checks.

    big-puts          N connections put an S-byte message each at once, with ids: how many are acknowledged
    stalled-readers   N connections ask for an S-byte message and never read the reply
    abandoned-waits   N connections send a get with a long wait and close at once: how soon a new client is served
    log-flood         one connection sends M bytes of unknown actions: how much the log grows
    valid-json        bodies that are valid JSON beyond common parser defaults: accepted or refused
    auth-body         auth requests with trailing bytes or a second value: accepted or refused
    long-topics       a topic name of 2 MB: accepted or refused
"""
import argparse
import json
import os
import socket
import threading
import time
import urllib.request


def frame(body):
    if not isinstance(body, bytes):
        body = json.dumps(body).encode()
    return ('{"msg_length": %d}' % (1_000_000 + len(body))).encode() + body


def read_exactly(sock, n):
    data = bytearray()
    while len(data) < n:
        chunk = sock.recv(min(1 << 20, n - len(data)))
        if not chunk:
            raise ConnectionError("closed after %d of %d bytes" % (len(data), n))
        data += chunk
    return bytes(data)


def reply(sock):
    length = json.loads(read_exactly(sock, 23))["msg_length"] - 1_000_000
    return json.loads(read_exactly(sock, length))


def connect(args, timeout=120):
    sock = socket.create_connection(("127.0.0.1", args.port))
    sock.settimeout(timeout)
    return sock


def metric(args, name):
    try:
        with urllib.request.urlopen("http://127.0.0.1:%d/actuator/metrics/%s" % (args.http, name), timeout=10) as r:
            return json.load(r)["measurements"][0]["value"]
    except Exception as ex:  # noqa: BLE001 - a server that cannot answer is a finding too
        return "unknown (%s)" % ex


def outcome(sock, request):
    try:
        sock.sendall(frame(request))
        answer = reply(sock)
        return "error: " + str(answer["error"])[:90] if "error" in answer else "accepted"
    except (OSError, ValueError) as ex:
        return "no reply: " + type(ex).__name__


def concurrently(count, work):
    results = [None] * count
    threads = [threading.Thread(target=lambda i=i: results.__setitem__(i, work(i))) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    summary = {}
    for result in results:
        kind = result.split(":")[0]
        summary[kind] = summary.get(kind, 0) + 1
    return summary


def after(args):
    time.sleep(2)
    print("  dsmq.connections.open once every client has gone:", metric(args, "dsmq.connections.open"))
    with connect(args, 10) as sock:
        print("  a new client's put:", outcome(sock, {"action": "put", "topic": "alive", "message": "?", "id": 0}))
    if args.log:
        with open(args.log, errors="replace") as log:
            print("  OutOfMemoryError in the log:", sum("OutOfMemoryError" in line for line in log))


def big_puts(args):
    message = "p" * args.size
    start = time.time()

    def put(i):
        with connect(args) as sock:
            return outcome(sock, {"action": "put", "topic": "big", "message": message, "id": i})

    summary = concurrently(args.clients, put)
    print("%d puts of %d bytes at once, %.1f s: %s" % (args.clients, args.size, time.time() - start, summary))
    after(args)


def stalled_readers(args):
    sockets = []
    for _ in range(args.clients):
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.connect(("127.0.0.1", args.port))
        sockets.append(sock)
    with connect(args) as writer:
        print("  put of the large message:", outcome(writer, {"action": "put", "topic": "big", "message": "g" * args.size,
                                                          "id": 0}))
    for sock in sockets:
        sock.sendall(frame({"action": "get_latest", "topic": "big"}))
    time.sleep(args.hold)
    with connect(args, 30) as other:
        print("  another client while they stall:", outcome(other, {"action": "get", "topic": "small", "id": 1}))
    for sock in sockets:
        sock.close()
    print("%d readers of %d bytes that never read, held %d s" % (args.clients, args.size, args.hold))
    after(args)


def abandoned_waits(args):
    sockets = []
    for i in range(args.clients):
        sock = connect(args)
        sock.sendall(frame({"action": "get", "topic": "w%d" % i, "wait": args.wait}))
        sockets.append(sock)
    time.sleep(1)
    print("  dsmq.reads.waiting:", metric(args, "dsmq.reads.waiting"))
    start = time.time()
    for sock in sockets:
        sock.close()
    served = None
    while served is None and time.time() - start < args.wait + 10:
        try:
            with connect(args, 2) as sock:
                if outcome(sock, {"action": "put", "topic": "probe", "message": "x", "id": 1}) == "accepted":
                    served = time.time() - start
        except OSError:
            time.sleep(0.1)
    while time.time() - start < args.wait + 10 and metric(args, "dsmq.connections.open") != 0:
        time.sleep(0.1)
    print("%d clients sent wait %s and left: a new client served after %s s, every slot free after %.2f s"
          % (args.clients, args.wait, "%.2f" % served if served is not None else "never", time.time() - start))


def log_flood(args):
    before = os.path.getsize(args.log)
    action = "x" * 1000 + "\nShutting down, as requested by 10.0.0.1:1"
    request = frame({"action": action, "topic": "t"})
    sent = 0
    with connect(args) as sock:
        while sent < args.bytes:
            sock.sendall(request * 100)
            sent += len(request) * 100
        print("  still served:", outcome(sock, {"action": "get", "topic": "t", "id": 1}))
    time.sleep(1)
    grown = os.path.getsize(args.log) - before
    with open(args.log, errors="replace") as log:
        forged = sum(line.startswith("Shutting down, as requested by 10.0.0.1") for line in log)
    print("%d bytes of unknown actions: the log grew %d bytes; forged lines: %d" % (sent, grown, forged))


def valid_json(args):
    checks = {
        "message nested 600 levels": "[" * 600 + "]" * 600,
        "number of 5,000 digits": "9" * 5000,
        "property name of 60,000 characters": '{"' + "n" * 60000 + '": 1}',
    }
    for name, message in checks.items():
        body = ('{"action": "put", "topic": "json", "message": %s, "id": 1}' % message).encode()
        with connect(args, 10) as sock:
            print("%-40s %s" % (name, outcome(sock, body)))
    deep = ('{"action": "put", "topic": "json", "message": %s, "id": 2}' % ("[" * 1200 + "]" * 1200)).encode()
    with connect(args, 10) as sock:
        print("%-40s %s" % ("message nested 1,200 levels", outcome(sock, deep)))


def auth_body(args):
    for name, body in {"auth with trailing bytes": b'{"action": "auth", "token": "t"} trailing',
                       "auth then a second value": b'{"action": "auth", "token": "t"} {}',
                       "auth with an id that is an object": b'{"action": "auth", "token": "t", "id": {"a": 1}}'}.items():
        with connect(args, 10) as sock:
            print("%-40s %s" % (name, outcome(sock, body)))


def long_topics(args):
    with connect(args, 30) as sock:
        print("%-40s %s" % ("put to a topic of 2 MB", outcome(sock, {"action": "put", "topic": "t" * 2_000_000,
                                                                    "message": "m", "id": 1})))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=30008)
    parser.add_argument("--http", type=int, default=8080)
    parser.add_argument("--log", help="the server's log file, for the checks that read it")
    parser.add_argument("--clients", type=int, default=80)
    parser.add_argument("--size", type=int, default=8_000_000)
    parser.add_argument("--hold", type=int, default=20, help="seconds stalled readers hold their connections")
    parser.add_argument("--wait", type=float, default=30)
    parser.add_argument("--bytes", type=int, default=20_000_000)
    parser.add_argument("check", choices=["big-puts", "stalled-readers", "abandoned-waits", "log-flood",
                                          "valid-json", "auth-body", "long-topics"])
    args = parser.parse_args()
    {"big-puts": big_puts, "stalled-readers": stalled_readers, "abandoned-waits": abandoned_waits,
     "log-flood": log_flood, "valid-json": valid_json, "auth-body": auth_body,
     "long-topics": long_topics}[args.check](args)


if __name__ == "__main__":
    main()
