package dev.dsmq.server.queue;

/**
 * A work-queue group of one topic, as held in memory beside its row: where it is done up to, how many messages it
 * has yet to delete, when it was last used, and what it counted. Changed with the queue's lock held, and only once
 * the store has committed the change; the gauges and the endpoint read it without the lock.
 */
final class Group {

	private final long id;

	private final String topic;

	private final String name;

	private final long cost;

	private final GroupTally tally;

	/** Every message of the topic up to this sequence number is done for the group. */
	private volatile long doneThrough;

	/** Messages of the topic held after {@link #doneThrough} that the group has not deleted. */
	private volatile long pending;

	/** When a request last named the group, in milliseconds since the epoch; written without the lock. */
	private volatile long usedAt;

	/** The {@link #usedAt} the store has; guarded by the lock. */
	private long storedUsedAt;

	private volatile boolean forgotten;

	Group(long id, String topic, String name, long doneThrough, long pending, long usedAt, GroupTally tally) {
		this.id = id;
		this.topic = topic;
		this.name = name;
		this.cost = Costs.group(topic, name);
		this.doneThrough = doneThrough;
		this.pending = pending;
		this.usedAt = usedAt;
		this.storedUsedAt = usedAt;
		this.tally = tally;
	}

	long id() {
		return this.id;
	}

	String topic() {
		return this.topic;
	}

	String name() {
		return this.name;
	}

	/**
	 * Return what the group itself costs, as counted in {@code dsmq.bytes.held}; its rows of messages count in their
	 * topic's bytes.
	 */
	long cost() {
		return this.cost;
	}

	GroupTally tally() {
		return this.tally;
	}

	long doneThrough() {
		return this.doneThrough;
	}

	long pending() {
		return this.pending;
	}

	/**
	 * Count messages put to the topic in.
	 */
	void put(long messages) {
		this.pending += messages;
	}

	/**
	 * Note that one more message is done for the group, and where it is done up to now.
	 */
	void done(long doneThrough) {
		this.pending--;
		this.doneThrough = doneThrough;
	}

	/**
	 * Note that messages the group had not deleted expired.
	 */
	void expired(long messages) {
		this.pending -= messages;
		this.tally.expired(messages);
	}

	/**
	 * Note that messages the group had not deleted were dropped for a limit.
	 */
	void dropped(boolean forTopicLimit, long messages) {
		this.pending -= messages;
		this.tally.dropped(forTopicLimit, messages);
	}

	long usedAt() {
		return this.usedAt;
	}

	void use(long now) {
		if (now > this.usedAt) {
			this.usedAt = now;
		}
	}

	/**
	 * Whether the store's time of last use is behind the one held.
	 */
	boolean isUseUnstored() {
		return this.usedAt != this.storedUsedAt;
	}

	/**
	 * Note that the store has committed the given time of last use.
	 */
	void useStored(long usedAt) {
		this.storedUsedAt = usedAt;
	}

	boolean isForgotten() {
		return this.forgotten;
	}

	void forget() {
		this.forgotten = true;
	}

}
