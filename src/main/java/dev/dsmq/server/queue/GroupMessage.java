package dev.dsmq.server.queue;

/**
 * A message as a work-queue group reads it: as a read with metadata has it, and what the group knows of it.
 * @param message the message with its metadata, when it was put and its headers
 * @param firstRetrievedMillis when the group first claimed it, in milliseconds since the epoch; 0 if it never did
 * (a peek at a message nobody has claimed)
 * @param retrievalCount how often the group has claimed it, this claim included
 */
public record GroupMessage(StoredMessage message, long firstRetrievedMillis, int retrievalCount) {

	public GroupMessage {
		if (message.metadata() == null) {
			throw new IllegalArgumentException("a group reads a message with its metadata, not message "
					+ message.sequence() + " without");
		}
	}

	/**
	 * Return the server-wide position of the message, which {@code delete} and {@code release} name.
	 */
	public long sequence() {
		return this.message.sequence();
	}

	/**
	 * Return the message as one encoded JSON value.
	 */
	public byte[] body() {
		return this.message.body();
	}

	/**
	 * Return when the message was put, in milliseconds since the epoch.
	 */
	public long sentMillis() {
		StoredMessage.Metadata metadata = this.message.metadata();
		return (metadata != null) ? metadata.createdAt() : 0;
	}

}
