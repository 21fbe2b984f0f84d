package dev.dsmq.server.queue;

/**
 * How much the store may hold.
 * @param maxMessagesPerTopic the most messages one topic holds
 * @param maxHeldBytes the most bytes all topics hold together
 */
record HeldLimits(long maxMessagesPerTopic, long maxHeldBytes) {

	static final HeldLimits NONE = new HeldLimits(Long.MAX_VALUE, Long.MAX_VALUE);

}
