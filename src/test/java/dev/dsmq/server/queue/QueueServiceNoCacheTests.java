package dev.dsmq.server.queue;

/**
 * The tests of {@link QueueServiceTests} with no message kept in memory beside the store, so that every read runs its statement.
 */
class QueueServiceNoCacheTests extends QueueServiceTests {

	@Override
	long cacheBytes() {
		return 0;
	}

}
