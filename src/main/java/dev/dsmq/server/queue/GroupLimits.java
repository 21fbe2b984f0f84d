package dev.dsmq.server.queue;

import java.time.Duration;

/**
 * How work-queue groups behave and how many there may be.
 * @param visibilityTimeout how long a claim lasts unless the get asks for another time
 * @param maxRetrievals the claims after which a message not deleted is dead-lettered; 0 for never
 * @param maxPerTopic the most groups one topic has
 * @param maxTotal the most groups of all topics
 */
public record GroupLimits(Duration visibilityTimeout, int maxRetrievals, int maxPerTopic, int maxTotal) {

	/** The server's defaults. */
	public static final GroupLimits DEFAULT = new GroupLimits(Duration.ofSeconds(60), 5, 100, 10_000);

	public GroupLimits {
		if (visibilityTimeout.isNegative() || visibilityTimeout.isZero()) {
			throw new IllegalArgumentException("visibility timeout must be positive, not " + visibilityTimeout);
		}
		if (maxRetrievals < 0 || maxPerTopic < 1 || maxTotal < 1) {
			throw new IllegalArgumentException("limits must not be negative and the group limits positive, not "
					+ maxRetrievals + ", " + maxPerTopic + " and " + maxTotal);
		}
	}

}
