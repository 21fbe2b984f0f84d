package dev.dsmq.server.queue;

/**
 * A topic that holds messages: its id in the store, how many messages and bytes it holds, and the sequence number of
 * its newest message, which readers check without the store's lock.
 */
final class Topic {

	private final long id;

	private volatile long newest;

	/** Written with the store's lock held; volatile for the gauges and the endpoint, which read without it. */
	private volatile long messages;

	private volatile long bytes;

	/** The size of the largest message held since the topic was created; it never shrinks. */
	private volatile long largestBody;

	Topic(long id) {
		this.id = id;
	}

	long id() {
		return this.id;
	}

	long messages() {
		return this.messages;
	}

	long bytes() {
		return this.bytes;
	}

	/**
	 * Count messages in, or out with negative numbers.
	 */
	void hold(long messages, long bytes) {
		this.messages += messages;
		this.bytes += bytes;
	}

	long largestBody() {
		return this.largestBody;
	}

	/**
	 * Note the size of a message put, so that readers know how much memory a message of the topic may need.
	 */
	void noteBody(long size) {
		if (size > this.largestBody) {
			this.largestBody = size;
		}
	}

	long newest() {
		return this.newest;
	}

	void setNewest(long sequence) {
		this.newest = sequence;
	}

	/**
	 * Whether the topic holds a message after the given sequence number.
	 */
	boolean hasNewerThan(long sequence) {
		return this.newest > sequence;
	}

}
