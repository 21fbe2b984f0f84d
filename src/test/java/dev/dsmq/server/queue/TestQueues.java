package dev.dsmq.server.queue;

import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Opens the queues of a test on one store and clock, each keeping as many bytes of its newest messages in memory,
 * so that a test class can run all its tests again with another cache.
 * @param cacheBytes what each queue keeps in memory beside the store
 */
record TestQueues(JdbcTemplate jdbc, Clock clock, Duration timeToLive, long cacheBytes) {

	QueueService open() {
		return open(this.jdbc, this.clock);
	}

	/**
	 * Open a queue with the given limits of what the store holds, and the cache of the others.
	 */
	QueueService open(HeldLimits limits) {
		return new QueueService(this.jdbc, this.clock, this.timeToLive,
				new HeldLimits(limits.maxMessagesPerTopic(), limits.maxHeldBytes(), this.cacheBytes), new TopicRates(),
				GroupLimits.DEFAULT);
	}

	QueueService open(GroupLimits limits) {
		return new QueueService(this.jdbc, this.clock, this.timeToLive, unlimited(), new TopicRates(), limits);
	}

	/**
	 * Open a queue on another store or clock.
	 */
	QueueService open(JdbcTemplate jdbc, Clock clock) {
		return new QueueService(jdbc, clock, this.timeToLive, unlimited(), new TopicRates(), GroupLimits.DEFAULT);
	}

	private HeldLimits unlimited() {
		return new HeldLimits(Long.MAX_VALUE, Long.MAX_VALUE, this.cacheBytes);
	}

}
