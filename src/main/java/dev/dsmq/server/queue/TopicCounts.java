package dev.dsmq.server.queue;

/**
 * What one topic counted in each of the last {@link TopicRates#SLOTS} intervals of the {@link TopicRates}: messages
 * stored and messages delivered. Counted and read with the store's lock held. A slot is cleared when a count first
 * lands in it again, so an idle topic costs nothing.
 */
final class TopicCounts {

	private static final int SLOTS = TopicRates.SLOTS;

	/** Puts in the first half, deliveries in the second, by interval modulo {@link #SLOTS}. */
	private final int[] counts = new int[2 * SLOTS];

	/** The newest interval counted in; the slots hold the intervals up to it, the ones before it counted nothing. */
	private int newest;

	TopicCounts(int interval) {
		this.newest = interval;
	}

	void put(int interval, int messages) {
		moveTo(interval);
		this.counts[interval % SLOTS] += messages;
	}

	void delivered(int interval) {
		moveTo(interval);
		this.counts[SLOTS + interval % SLOTS]++;
	}

	/**
	 * Return the messages stored in the window that ends with the given interval.
	 */
	long puts(int interval) {
		return sum(0, interval);
	}

	/**
	 * Return the messages delivered in the window that ends with the given interval.
	 */
	long deliveries(int interval) {
		return sum(SLOTS, interval);
	}

	private long sum(int offset, int interval) {
		long sum = 0;
		for (int i = Math.max(interval, this.newest) - SLOTS + 1; i <= Math.min(interval, this.newest); i++) {
			if (i >= 0) {
				sum += this.counts[offset + i % SLOTS];
			}
		}
		return sum;
	}

	private void moveTo(int interval) {
		if (interval > this.newest) {
			for (int i = Math.max(this.newest + 1, interval - SLOTS + 1); i <= interval; i++) {
				this.counts[i % SLOTS] = 0;
				this.counts[SLOTS + i % SLOTS] = 0;
			}
			this.newest = interval;
		}
	}

}
