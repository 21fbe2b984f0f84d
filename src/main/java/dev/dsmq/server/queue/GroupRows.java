package dev.dsmq.server.queue;

import java.util.Comparator;
import java.util.Iterator;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;

/**
 * A copy in memory of a group's rows of messages after where it is done up to (claims, claims given back, deletes out
 * of order), indexed so that finding the next message to claim costs the same with a million claims in flight as with
 * none: rows by sequence number; the rows not available yet by when they will be; the rows available by sequence
 * number; and how far every message has a row, so that a walk of the topic's messages starts after the claimed ones
 * instead of passing each of them.
 * <p>
 * Changed only once the store has committed the change; guarded by the queue's lock.
 */
final class GroupRows {

	/** What {@link #doneThroughOnceDone} returns when the rows cannot tell. */
	static final long UNKNOWN = Long.MIN_VALUE;

	private static final Comparator<Row> BY_AVAILABLE_AT = Comparator.comparingLong(Row::availableAt)
		.thenComparingLong(Row::sequence);

	private final NavigableMap<Long, Row> bySequence = new TreeMap<>();

	/** The rows neither deleted nor known to be available: claimed, or given back with a delay. */
	private final NavigableSet<Row> waiting = new TreeSet<>(BY_AVAILABLE_AT);

	/** The sequence numbers of the rows that were available when last looked at, and not claimed or deleted since. */
	private final NavigableSet<Long> available = new TreeSet<>();

	/** How many of the waiting rows are claims. */
	private int claims;

	/** Every message of the topic after where the group is done up to, and up to this one, has a row. */
	private long coveredThrough;

	/**
	 * Return the row of a message, or null if the group never claimed or deleted it.
	 */
	@Nullable Row get(long sequence) {
		return this.bySequence.get(sequence);
	}

	/**
	 * Keep a row the store has committed.
	 */
	void add(Row row) {
		this.bySequence.put(row.sequence, row);
		if (!row.isDeleted()) {
			wait(row);
		}
	}

	/**
	 * Note that a message has been claimed until the given time.
	 */
	void claim(Row row, long until) {
		unwait(row);
		row.state = Row.CLAIMED;
		row.availableAt = until;
		row.retrievals++;
		wait(row);
	}

	/**
	 * Note that a claim has been given back: the message is available from the given time on.
	 */
	void release(Row row, long availableAt) {
		unwait(row);
		row.state = Row.RELEASED;
		row.availableAt = availableAt;
		wait(row);
	}

	/**
	 * Note that a message was deleted out of order.
	 */
	void delete(Row row) {
		unwait(row);
		row.state = Row.DELETED;
	}

	/**
	 * Return the oldest message after a position whose row makes it available at the given time, or null.
	 */
	@Nullable Long firstAvailableAfter(long after, long now) {
		promote(now);
		return this.available.higher(after);
	}

	/**
	 * Return when a row not available at the given time will be next, or 0 if none will.
	 */
	long nextAvailableAt(long now) {
		promote(now);
		return this.waiting.isEmpty() ? 0 : this.waiting.first().availableAt;
	}

	/**
	 * Return how many messages are claimed, the claim not run out at the given time.
	 */
	long claimedAt(long now) {
		promote(now);
		return this.claims;
	}

	/**
	 * Return how many messages with a row are held back from the group at the given time: claimed, given back with a
	 * delay, or available but due to be dead-lettered.
	 * @param maxRetrievals the retrievals after which a message is dead-lettered, 0 for never
	 */
	long heldBackAt(long now, int maxRetrievals) {
		promote(now);
		long held = this.waiting.size();
		if (maxRetrievals > 0) {
			for (long sequence : this.available) {
				if (this.bySequence.get(sequence).retrievals >= maxRetrievals) {
					held++;
				}
			}
		}
		return held;
	}

	/**
	 * Return where a walk of the topic's messages that looks for one without a row may start: every message after
	 * where the group is done up to and up to the one returned has a row.
	 */
	long coveredThrough(long doneThrough) {
		return Math.max(this.coveredThrough, doneThrough);
	}

	/**
	 * Note that every message up to this one after where the walk started has a row.
	 */
	void cover(long sequence) {
		this.coveredThrough = Math.max(this.coveredThrough, sequence);
	}

	/**
	 * Return where the group is done up to once it is done with a message, if the rows alone can tell: when every
	 * message from where it is done up to, to the next one after the message that it has not deleted, has a row.
	 * @return -1 if the message is not the oldest the group has left, {@link #UNKNOWN} if the rows cannot tell
	 */
	long doneThroughOnceDone(long sequence, long doneThrough) {
		long covered = coveredThrough(doneThrough);
		if (sequence > covered || this.bySequence.isEmpty()) {
			return UNKNOWN;
		}
		// every message up to the covered one has a row, so the first row is of the oldest message left
		if (this.bySequence.firstKey() != sequence) {
			return -1;
		}
		for (Row row : this.bySequence.tailMap(sequence, false).values()) {
			if (row.sequence > covered) {
				return UNKNOWN;
			}
			if (!row.isDeleted()) {
				return row.sequence - 1;
			}
		}
		return UNKNOWN;
	}

	/**
	 * Return how many rows of messages before a bound there are.
	 */
	int countBefore(long bound) {
		return this.bySequence.headMap(bound, false).size();
	}

	/**
	 * Return how many of the messages before a bound were deleted out of order.
	 */
	long deletedBefore(long bound) {
		return this.bySequence.headMap(bound, false).values().stream().filter(Row::isDeleted).count();
	}

	/**
	 * Forget the rows of the messages before a bound: the group is done with them, or they are gone.
	 */
	void removeBefore(long bound) {
		Iterator<Row> rows = this.bySequence.headMap(bound, false).values().iterator();
		while (rows.hasNext()) {
			unwait(rows.next());
			rows.remove();
		}
	}

	private void promote(long now) {
		while (!this.waiting.isEmpty() && this.waiting.first().availableAt <= now) {
			Row row = this.waiting.pollFirst();
			if (row.state == Row.CLAIMED) {
				this.claims--;
			}
			this.available.add(row.sequence);
		}
	}

	private void wait(Row row) {
		this.waiting.add(row);
		if (row.state == Row.CLAIMED) {
			this.claims++;
		}
	}

	private void unwait(Row row) {
		if (this.waiting.remove(row)) {
			if (row.state == Row.CLAIMED) {
				this.claims--;
			}
		}
		else {
			this.available.remove(row.sequence);
		}
	}

	/**
	 * What a group did with one message after where it is done up to, as its row in the store says: claimed until a
	 * time, given back and available from a time, or deleted out of order; with when it was first claimed and how
	 * often. Changed only through its {@link GroupRows}, which indexes it by when it is available.
	 */
	static final class Row {

		/** The states of a row as the store spells them. */
		static final int RELEASED = 0;

		static final int CLAIMED = 1;

		static final int DELETED = 2;

		private final long sequence;

		private int state;

		private long availableAt;

		private final long firstRetrieved;

		private int retrievals;

		Row(long sequence, int state, long availableAt, long firstRetrieved, int retrievals) {
			this.sequence = sequence;
			this.state = state;
			this.availableAt = availableAt;
			this.firstRetrieved = firstRetrieved;
			this.retrievals = retrievals;
		}

		long sequence() {
			return this.sequence;
		}

		boolean isDeleted() {
			return this.state == DELETED;
		}

		long availableAt() {
			return this.availableAt;
		}

		long firstRetrieved() {
			return this.firstRetrieved;
		}

		int retrievals() {
			return this.retrievals;
		}

	}

}
