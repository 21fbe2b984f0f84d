package dev.dsmq.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How to read a topic as a broadcast reader, with the message's metadata: the oldest or the newest unread message,
 * from this connection's position or from a sequence number, waiting or not.
 * <p>
 * Immutable: each method returns a copy.
 * @param latest whether to read the newest unread message, skipping older ones, rather than the oldest
 * @param after the sequence number to read after, as if this connection's position were there (0: from the oldest
 * message held); negative to read from the connection's own position
 * @param maxWait how long the server may hold the reply while nothing is eligible; zero not to wait
 */
public record ReadOptions(boolean latest, long after, Duration maxWait) {

	private static final ReadOptions OLDEST = new ReadOptions(false, -1, Duration.ZERO);

	public ReadOptions {
		Objects.requireNonNull(maxWait, "maxWait");
		if (maxWait.isNegative()) {
			throw new IllegalArgumentException("wait of " + maxWait.toMillis() + " ms must not be negative");
		}
		if (after < -1) {
			throw new IllegalArgumentException("after " + after + " is not a sequence number");
		}
	}

	/**
	 * Read the oldest message this connection has not read, without waiting.
	 */
	public static ReadOptions oldest() {
		return OLDEST;
	}

	/**
	 * Read the newest message this connection has not read, skipping older ones, without waiting.
	 */
	public static ReadOptions newest() {
		return new ReadOptions(true, -1, Duration.ZERO);
	}

	/**
	 * Return these options reading after the given sequence number, such as the last one processed before a
	 * reconnect; the connection's position then moves on from what is read. 0 reads from the oldest message held.
	 */
	public ReadOptions after(long seq) {
		if (seq < 0) {
			throw new IllegalArgumentException("sequence number " + seq + " must not be negative");
		}
		return new ReadOptions(this.latest, seq, this.maxWait);
	}

	/**
	 * Return these options waiting up to the given time for a message to be put; the server caps the wait.
	 */
	public ReadOptions waiting(Duration wait) {
		return new ReadOptions(this.latest, this.after, wait);
	}

	boolean hasAfter() {
		return this.after >= 0;
	}

}
