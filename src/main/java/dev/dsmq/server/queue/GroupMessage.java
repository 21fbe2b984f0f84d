package dev.dsmq.server.queue;

/**
 * A message as a work-queue group reads it.
 * @param sequence the server-wide position of the message, which {@code delete} and {@code release} name
 * @param body the message as one encoded JSON value
 * @param sentMillis when it was put, in milliseconds since the epoch
 * @param firstRetrievedMillis when the group first claimed it, in milliseconds since the epoch; 0 if it never did
 * (a peek at a message nobody has claimed)
 * @param retrievalCount how often the group has claimed it, this claim included
 */
public record GroupMessage(long sequence, byte[] body, long sentMillis, long firstRetrievedMillis,
		int retrievalCount) {
}
