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
	 * Return the bytes the message holds in memory: its body, and its headers if they were read.
	 */
	public long length() {
		byte[] headers = (this.metadata != null) ? this.metadata.headers() : null;
		return (long) this.body.length + ((headers != null) ? headers.length : 0);
	}

	/**
	 * What the store keeps about a message besides its body.
	 * @param createdAt when it was put, in milliseconds since the epoch
	 * @param headers the put's headers as one encoded JSON object, or null if it had none
	 */
	public record Metadata(long createdAt, byte @Nullable [] headers) {
	}

}
