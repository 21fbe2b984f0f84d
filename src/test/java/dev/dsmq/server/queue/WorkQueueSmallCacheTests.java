package dev.dsmq.server.queue;

/**
 * The tests of {@link WorkQueueTests} with room in memory for only the newest message or two of all topics, so that reads go back and forth between memory and the store.
 */
class WorkQueueSmallCacheTests extends WorkQueueTests {

	@Override
	long cacheBytes() {
		return 250;
	}

}
