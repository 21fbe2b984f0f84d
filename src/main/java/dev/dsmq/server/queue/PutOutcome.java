package dev.dsmq.server.queue;

import org.jspecify.annotations.Nullable;

/**
 * What became of each message of one {@link QueueService#putAll}, in the order they were given: stored, with its
 * sequence number, or refused by the store.
 */
public final class PutOutcome {

	/** The sequence number of each message, 0 for one that was refused: numbering starts at 1. */
	private final long[] sequences;

	private int refused;

	private @Nullable RuntimeException failure;

	PutOutcome(int messages) {
		this.sequences = new long[messages];
	}

	void stored(int index, long sequence) {
		this.sequences[index] = sequence;
	}

	void refused(int index, RuntimeException cause) {
		this.sequences[index] = 0;
		this.refused++;
		if (this.failure == null) {
			this.failure = cause;
		}
	}

	/**
	 * Return whether the message at that index was stored.
	 */
	public boolean isStored(int index) {
		return this.sequences[index] != 0;
	}

	/**
	 * Return the sequence number of the message at that index, or 0 if it was refused.
	 */
	public long sequence(int index) {
		return this.sequences[index];
	}

	/**
	 * Return how many messages were stored.
	 */
	public int storedCount() {
		return this.sequences.length - this.refused;
	}

	/**
	 * Return how many messages the store refused.
	 */
	public int refusedCount() {
		return this.refused;
	}

	/**
	 * Return why the first refused message was refused, or {@code null} if none was.
	 */
	public @Nullable RuntimeException failure() {
		return this.failure;
	}

}
