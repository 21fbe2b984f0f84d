package dev.dsmq.server.queue;

/**
 * A message as held in the store.
 * @param sequence the server-wide position of the message, strictly increasing in the order puts were accepted
 * @param body the message as one encoded JSON value
 */
public record StoredMessage(long sequence, byte[] body) {
}
