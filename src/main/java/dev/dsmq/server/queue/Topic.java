package dev.dsmq.server.queue;

import org.jspecify.annotations.Nullable;

/**
 * A topic that holds messages: its id and name in the store, how many messages it holds and what they and the topic
 * cost (see {@link Costs}), and the sequence number of its newest message, which readers check without the store's
 * lock.
 */
final class Topic {

	private final long id;

	private final String name;

	private volatile long newest;

	/** When the newest message was put, in milliseconds since the epoch; guarded by the store's lock. */
	private long newestCreatedAt;

	/** Written with the store's lock held; volatile for the gauges and the endpoint, which read without it. */
	private volatile long messages;

	/** What its messages cost, with the {@link Costs#MESSAGE_OVERHEAD} of each. */
	private volatile long bytes;

	/** Set once the store holds nothing of the topic and has forgotten it; a topic of that name is a new one. */
	private volatile boolean forgotten;

	/** The size of the largest message held since the topic was created, headers included; it never shrinks. */
	private volatile long largestBody;

	/** What the topic itself costs, mostly for its name. */
	private final long cost;

	/** The bytes the holdings sorted it by, and whether it waits to be sorted again; guarded by the lock. */
	private long sortedBytes;

	private boolean unsorted;

	/** Made on the first count, with the store's lock held, as are the counts. */
	private @Nullable TopicCounts counts;

	/** Its newest messages in memory, made on the first put kept there; guarded by the store's lock. */
	private @Nullable TopicTail tail;

	/** The newest of its messages the store has deleted, 0 if none; guarded by the store's lock. */
	private long deletedThrough;

	Topic(long id, String name) {
		this.id = id;
		this.name = name;
		this.cost = Costs.topic(name);
	}

	long id() {
		return this.id;
	}

	/**
	 * Return the sequence number of the newest message of the topic the store has deleted, 0 if it deleted none:
	 * the store deletes a topic's messages oldest first, so it holds none up to this one.
	 */
	long deletedThrough() {
		return this.deletedThrough;
	}

	/**
	 * Note that the store has deleted the topic's messages up to the given sequence number.
	 */
	void deletedThrough(long sequence) {
		this.deletedThrough = Math.max(this.deletedThrough, sequence);
	}

	String name() {
		return this.name;
	}

	long messages() {
		return this.messages;
	}

	/**
	 * Return what the topic costs, itself and its messages: the bytes it counts in {@code dsmq.bytes.held}.
	 */
	long bytes() {
		return this.cost + this.bytes;
	}

	/**
	 * Count messages in, or out with negative numbers.
	 * @param bytes the bytes of their JSON values
	 */
	void hold(long messages, long bytes) {
		this.messages += messages;
		this.bytes += bytes + messages * Costs.MESSAGE_OVERHEAD;
	}

	long sortedBytes() {
		return this.sortedBytes;
	}

	/**
	 * Note that the topic is to be sorted again.
	 * @return whether it was not noted yet
	 */
	boolean markUnsorted() {
		boolean first = !this.unsorted;
		this.unsorted = true;
		return first;
	}

	/**
	 * Take the bytes it holds now as those it is sorted by.
	 */
	void sorted() {
		this.sortedBytes = bytes();
		this.unsorted = false;
	}

	long newest() {
		return this.newest;
	}

	boolean isForgotten() {
		return this.forgotten;
	}

	void forget() {
		this.forgotten = true;
	}

	long largestBody() {
		return this.largestBody;
	}

	/**
	 * Note the size of a message put, its headers included, so that readers know how much memory a message of the
	 * topic may need.
	 */
	void noteBody(long size) {
		if (size > this.largestBody) {
			this.largestBody = size;
		}
	}

	long newestCreatedAt() {
		return this.newestCreatedAt;
	}

	void setNewest(long sequence, long createdAt) {
		this.newest = sequence;
		this.newestCreatedAt = createdAt;
	}

	/**
	 * Return what the topic counted for its rates, starting to count in the given interval if it has not yet.
	 */
	TopicCounts counts(int interval) {
		TopicCounts counts = this.counts;
		if (counts == null) {
			counts = new TopicCounts(interval);
			this.counts = counts;
		}
		return counts;
	}

	/**
	 * Return its newest messages in memory, or null if none was ever kept there.
	 */
	@Nullable TopicTail tail() {
		return this.tail;
	}

	void setTail(TopicTail tail) {
		this.tail = tail;
	}

	/**
	 * Whether the topic holds a message after the given sequence number.
	 */
	boolean hasNewerThan(long sequence) {
		return this.newest > sequence;
	}

}
