package dev.dsmq.server.queue;

import org.jspecify.annotations.Nullable;

/**
 * A message as held in the store.
 * @param sequence the server-wide position of the message, strictly increasing in the order puts were accepted
 * @param body the message as one encoded JSON value
 * @param metadata when it was put, if the read asked for it
 */
public record StoredMessage(long sequence, byte[] body, @Nullable Metadata metadata) {

	/**
	 * A message as a plain read reads it: without its metadata, which costs a read nothing.
	 */
	public StoredMessage(long sequence, byte[] body) {
		this(sequence, body, null);
	}

	/**
	 * What the store keeps about a message besides its body.
	 * @param createdAt when it was put, in milliseconds since the epoch
	 */
	public record Metadata(long createdAt) {
	}

}
