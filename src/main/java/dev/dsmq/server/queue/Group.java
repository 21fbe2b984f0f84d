package dev.dsmq.server.queue;

/**
 * A work-queue group of one topic, as held in memory beside its rows: where it is done up to, how many messages it
 * has yet to delete, when it was last used, what it counted, and a copy of its rows of messages (claims, and deletes
 * out of order), so that finding the next message to claim reads only the messages. Changed with the queue's lock
 * held, and only once the store has committed the change; the gauges and the endpoint read the figures without the
 * lock, the rows only with it.
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

	/** The group's rows of messages after {@link #doneThrough}; guarded by the lock. */
	private final GroupRows rows = new GroupRows();

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
	 * Note that one more message is done for the group, and where it is done up to now: its rows up to there go.
	 */
	void done(long doneThrough) {
		this.pending--;
		this.doneThrough = doneThrough;
		this.rows.removeBefore(doneThrough + 1);
	}

	/**
	 * Note that a message after where the group is done up to, not the oldest it had left, was deleted.
	 */
	void deleted() {
		this.pending--;
	}

	/**
	 * Note that the messages before a bound expired, with the group's rows of them, and how many of them the group
	 * had not deleted.
	 */
	void expired(long bound, long lost) {
		left(bound, lost);
		this.tally.expired(lost);
	}

	/**
	 * Note that the messages before a bound were dropped for a limit, with the group's rows of them, and how many of
	 * them the group had not deleted.
	 */
	void dropped(boolean forTopicLimit, long bound, long lost) {
		left(bound, lost);
		this.tally.dropped(forTopicLimit, lost);
	}

	private void left(long bound, long lost) {
		this.pending -= lost;
		this.rows.removeBefore(bound);
	}

	/**
	 * Return the group's rows of messages; only with the lock held.
	 */
	GroupRows rows() {
		return this.rows;
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
