package dev.dsmq.server.queue;

import java.util.IdentityHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Where one connection has read up to in each topic: the sequence number of the last message it read there, or,
 * for a topic it has read nothing from, the newest message accepted before it connected, so that it never sees
 * older ones.
 * <p>
 * Positions are kept by topic as held, not by name: a topic that empties (its messages expired or dropped) is
 * forgotten by the store, and a position in it no longer matters, since every message put to the topic from then
 * on comes after it. Such positions are dropped as the connection reads new topics, so that a reader of many
 * short-lived topics keeps only those that still hold messages. At most {@code max} are kept: a read of one more
 * topic that holds messages is refused rather than forgetting a position, which could deliver a message twice.
 * <p>
 * Not thread-safe: only the connection's own thread reads with it.
 */
public final class ReadPositions {

	/** Positions are swept of forgotten topics once they grow past this many, and past twice the last sweep. */
	private static final int FIRST_SWEEP = 64;

	private final long start;

	private final int max;

	private final Map<Topic, Long> positions = new IdentityHashMap<>();

	private int sweepAt = FIRST_SWEEP;

	/**
	 * Create the positions of a connection.
	 * @param start the sequence number of the newest message accepted before the connection was
	 * @param max the most topics to keep positions in
	 */
	public ReadPositions(long start, int max) {
		this.start = start;
		this.max = max;
	}

	/**
	 * Return how many positions are kept now.
	 */
	public int size() {
		return this.positions.size();
	}

	long of(@Nullable Topic topic) {
		if (topic == null) {
			return this.start;
		}
		Long position = this.positions.get(topic);
		return (position != null) ? position : this.start;
	}

	/**
	 * Whether a message of the topic can be read: the connection has a position in it, or room for one.
	 */
	boolean hasRoomFor(Topic topic) {
		if (this.positions.size() < this.max || this.positions.containsKey(topic)) {
			return true;
		}
		sweep();
		return this.positions.size() < this.max;
	}

	/**
	 * Set the connection's position in the topic: the message it read, or where a read with {@code after} starts.
	 */
	void moveTo(Topic topic, long sequence) {
		this.positions.put(topic, sequence);
		if (this.positions.size() >= this.sweepAt) {
			sweep();
			this.sweepAt = Math.max(FIRST_SWEEP, this.positions.size() * 2);
		}
	}

	private void sweep() {
		this.positions.keySet().removeIf(Topic::isForgotten);
	}

}
