package dev.dsmq.server.queue;

/**
 * What happened to one group's messages, as counted for its meters and the endpoint: redelivered, dead-lettered, and
 * lost before the group deleted them, to expiry or to a limit. Written with the queue's lock held, read without it.
 * A group's meters keep its tally, so that a group forgotten and used again counts on where it left off.
 */
final class GroupTally {

	private volatile long redelivered;

	private volatile long deadLettered;

	private volatile long expired;

	private volatile long droppedForTopicLimit;

	private volatile long droppedForByteLimit;

	void redelivered() {
		this.redelivered++;
	}

	void deadLettered() {
		this.deadLettered++;
	}

	void expired(long messages) {
		this.expired += messages;
	}

	void dropped(boolean forTopicLimit, long messages) {
		if (forTopicLimit) {
			this.droppedForTopicLimit += messages;
		}
		else {
			this.droppedForByteLimit += messages;
		}
	}

	long redeliveredCount() {
		return this.redelivered;
	}

	long deadLetteredCount() {
		return this.deadLettered;
	}

	long expiredCount() {
		return this.expired;
	}

	long droppedForTopicLimitCount() {
		return this.droppedForTopicLimit;
	}

	long droppedForByteLimitCount() {
		return this.droppedForByteLimit;
	}

}
