package dev.dsmq.server.protocol;

/**
 * Bytes a codec has read that ask the connection to write something of the generation's own, in order with the
 * replies, rather than a request: a WebSocket pong answering a ping, or the close frame answering a peer's close.
 * @param bytes what to write, as it is
 * @param closesConnection whether the connection ends once they are written
 */
public record Control(byte[] bytes, boolean closesConnection) {
}
