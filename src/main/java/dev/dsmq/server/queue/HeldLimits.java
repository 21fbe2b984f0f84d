package dev.dsmq.server.queue;

/**
 * How much the store may hold.
 * @param maxMessagesPerTopic the most messages one topic holds
 * @param maxHeldBytes the most bytes all topics hold together
 * @param cacheBytes the most bytes the newest messages cost in memory beside the store ({@link RecentMessages}), 0
 * for none
 */
record HeldLimits(long maxMessagesPerTopic, long maxHeldBytes, long cacheBytes) {

	/** What {@code dsmq.store.cache-size} is unless set. */
	static final long DEFAULT_CACHE_BYTES = 8L * 1024 * 1024;

	static final HeldLimits NONE = new HeldLimits(Long.MAX_VALUE, Long.MAX_VALUE);

	HeldLimits(long maxMessagesPerTopic, long maxHeldBytes) {
		this(maxMessagesPerTopic, maxHeldBytes, DEFAULT_CACHE_BYTES);
	}

}
