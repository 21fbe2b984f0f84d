#!/usr/bin/python3
"""Talks to a running dsmq server as tinyMQ's client does, with client code the project did not write.

Debian's python3-websockets (its asyncio client) and python3-protobuf, the message classes built at run time from
descriptors written here from the wire contract (PROTOCOL.md, section 9), not from the server's tinymq.proto: a
producer and a consumer connect to ws://host:port/<topic>, send ConnInit and read ConnStatus, then a producer sends
ContentWrite and reads Ack, a consumer sends Poll and reads ContentRead. Plain sockets play dsmq 0.7 beside them.
The server keeps running afterwards.

    .ci/tinymq-peer.py PORT
"""
import asyncio
import json
import socket
import sys

import websockets
from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

Field = descriptor_pb2.FieldDescriptorProto
MESSAGES = {
    "ConnInit": [(1, "role", Field.TYPE_FIXED32, Field.LABEL_REQUIRED),
                 (2, "topic", Field.TYPE_STRING, Field.LABEL_REQUIRED),
                 (3, "auth_token", Field.TYPE_STRING, Field.LABEL_OPTIONAL)],
    "ConnStatus": [(1, "status", Field.TYPE_FIXED32, Field.LABEL_REQUIRED)],
    "ContentWrite": [(1, "id", Field.TYPE_FIXED32, Field.LABEL_REQUIRED),
                     (2, "topic", Field.TYPE_STRING, Field.LABEL_REQUIRED),
                     (3, "body", Field.TYPE_BYTES, Field.LABEL_REQUIRED)],
    "Poll": [(1, "topic", Field.TYPE_STRING, Field.LABEL_REQUIRED)],
    "Ack": [(1, "id", Field.TYPE_FIXED32, Field.LABEL_REQUIRED),
            (2, "flags", Field.TYPE_FIXED32, Field.LABEL_OPTIONAL)],
    "ContentRead": [(1, "id", Field.TYPE_FIXED32, Field.LABEL_REQUIRED),
                    (2, "status", Field.TYPE_FIXED32, Field.LABEL_REQUIRED),
                    (3, "body", Field.TYPE_BYTES, Field.LABEL_REQUIRED)],
}
PRODUCER, CONSUMER = 1, 2
OPEN, TOPIC_HAS_CONSUMER, MESSAGE, EMPTY = 1000, 4000, 2000, 2001


def message_classes():
    file = descriptor_pb2.FileDescriptorProto(name="tinymq_peer.proto", package="tinyMQ", syntax="proto2")
    for name, fields in MESSAGES.items():
        message = file.message_type.add(name=name)
        for number, field, kind, label in fields:
            message.field.add(name=field, number=number, type=kind, label=label)
    pool = descriptor_pool.DescriptorPool()
    pool.Add(file)
    classes = {}
    for name in MESSAGES:
        descriptor = pool.FindMessageTypeByName("tinyMQ." + name)
        if hasattr(message_factory, "GetMessageClass"):
            classes[name] = message_factory.GetMessageClass(descriptor)
        else:
            classes[name] = message_factory.MessageFactory(pool).GetPrototype(descriptor)
    return classes


pb = message_classes()


def check(what, got, expected):
    if got != expected:
        sys.exit(f"FAIL {what}: expected {expected!r}, got {got!r}")
    print(f"ok   {what}")


async def open_connection(port, topic, role):
    """Connect and send ConnInit as tinyMQ's Producer and Consumer do; return the socket and ConnStatus."""
    ws = await websockets.connect(f"ws://127.0.0.1:{port}/{topic}")
    await ws.send(pb["ConnInit"](role=role, topic=topic).SerializeToString())
    status = pb["ConnStatus"]()
    status.ParseFromString(await ws.recv())
    return ws, status.status


async def send(ws, topic, message, id):
    """As tinyMQ's Producer.send: one ContentWrite, then its Ack."""
    await ws.send(pb["ContentWrite"](id=id, topic=topic, body=bytes(message, encoding="utf-8")).SerializeToString())
    ack = pb["Ack"]()
    ack.ParseFromString(await ws.recv())
    return ack.id


async def poll(ws, topic):
    """As tinyMQ's Consumer.poll: (id, text), or None when the topic is empty."""
    await ws.send(pb["Poll"](topic=topic).SerializeToString())
    read = pb["ContentRead"]()
    read.ParseFromString(await ws.recv())
    if not read.IsInitialized():
        sys.exit(f"FAIL ContentRead lacks a required field: {read}")
    if read.status == EMPTY:
        return None
    return read.id, read.body.decode("utf-8")


def framed_call(sock, request, reply=True):
    body = json.dumps(request).encode("utf-8")
    sock.sendall(json.dumps({"msg_length": 1_000_000 + len(body)}).encode("ascii") + body)
    if not reply:
        return None

    def read_exactly(n):
        data = b""
        while len(data) < n:
            chunk = sock.recv(n - len(data))
            if not chunk:
                sys.exit("FAIL the server closed a 0.7 connection")
            data += chunk
        return data

    return json.loads(read_exactly(json.loads(read_exactly(23))["msg_length"] - 1_000_000))


async def main(port):
    topic = "tinymq-peers"
    with socket.create_connection(("127.0.0.1", port)) as reader:
        producer, status = await open_connection(port, topic, PRODUCER)
        check("producer opened with ConnStatus", status, OPEN)
        check("Ack of id 0", await send(producer, topic, "zero", 0), 0)
        check("Ack of id 4294967295", await send(producer, topic, "max", 4294967295), 4294967295)
        text = "h\u00e9llo \u65e5\u672c \U0001f600 \"q\" \\"
        check("Ack of a unicode write", await send(producer, topic, text, 7), 7)
        check("a tinyMQ write read by a 0.7 reader", framed_call(reader, {"action": "get", "topic": topic}),
              {"message": "zero"})

        consumer, status = await open_connection(port, topic, CONSUMER)
        check("consumer opened with ConnStatus", status, OPEN)
        second, status = await open_connection(port, topic, CONSUMER)
        check("a second consumer of the topic gets ConnStatus", status, TOPIC_HAS_CONSUMER)
        try:
            await asyncio.wait_for(second.recv(), 10)
            sys.exit("FAIL the second consumer got a message instead of the close")
        except websockets.exceptions.ConnectionClosed as closed:
            check("then the server closes it with", closed.code, 1000)
        check("polls first in first out, with the producers' ids",
              [await poll(consumer, topic) for _ in range(3)], [(0, "zero"), (4294967295, "max"), (7, text)])
        await consumer.send(pb["Poll"](topic=topic).SerializeToString())
        check("an empty poll's bytes", (await consumer.recv()).hex(), "0d00000000" + "15d1070000" + "1a0100")

        stored = framed_call(reader, {"action": "put", "topic": topic, "message": "from 0.7", "id": 1})
        check("a 0.7 put acknowledged", stored.get("ok"), True)
        check("a 0.7 put reaches the tinyMQ consumer, its id the low 32 bits of its seq",
              await poll(consumer, topic), (stored["seq"] & 0xFFFFFFFF, "from 0.7"))
        framed_call(reader, {"action": "put", "topic": topic, "message": {"n": [1, 2]}, "id": 2})
        check("a JSON value that is not a string goes as its JSON text", (await poll(consumer, topic))[1],
              '{"n": [1, 2]}')
        check("nothing is taken twice", await poll(consumer, topic), None)

        await consumer.close()
        for _ in range(100):
            again, status = await open_connection(port, topic, CONSUMER)
            if status == OPEN:
                break
            await asyncio.sleep(0.05)
        check("the topic takes a consumer again once the first has gone", status, OPEN)
        await again.close()

        unicode_topic = "caf\u00e9 menu"
        writer, status = await open_connection(port, unicode_topic, PRODUCER)
        check("a topic that websockets percent-encodes", status, OPEN)
        await send(writer, unicode_topic, "cr\u00e8me", 3)
        check("is the topic a 0.7 reader names", framed_call(
            reader, {"action": "get", "topic": unicode_topic, "after": 0}), {"message": "cr\u00e8me"})
        await writer.close()

        await producer.send("a text message")
        try:
            await asyncio.wait_for(producer.recv(), 10)
            sys.exit("FAIL a text message was answered")
        except websockets.exceptions.ConnectionClosed as closed:
            check("a text message closes the connection with", (closed.code, closed.reason),
                  (1003, "unsupported-data"))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1])))
