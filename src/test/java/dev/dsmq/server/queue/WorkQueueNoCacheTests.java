package dev.dsmq.server.queue;

/**
 * The tests of {@link WorkQueueTests} with no message kept in memory beside the store, so that every read runs its statement.
 */
class WorkQueueNoCacheTests extends WorkQueueTests {

	@Override
	long cacheBytes() {
		return 0;
	}

}
