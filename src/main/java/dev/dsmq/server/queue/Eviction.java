package dev.dsmq.server.queue;

/**
 * Keeps the holdings within the limits: drops the oldest messages of each topic over the message limit, then, while
 * all topics hold more bytes than allowed, the oldest of the topic that holds the most, as on a bulletin board where
 * old notes make room. The newest message put is never dropped, and a message dropped is dropped for the topic's
 * groups too. Called with the queue's lock held.
 */
final class Eviction {

	private final Holdings holdings;

	private final HeldLimits limits;

	Eviction(Holdings holdings, HeldLimits limits) {
		this.holdings = holdings;
		this.limits = limits;
	}

	/**
	 * Drop what the limits no longer allow. Each drop is accounted for as soon as it returns, so it must have
	 * committed, or belong to a transaction whose failure discards these holdings.
	 * @param touched the topics that may be over the message limit
	 * @param keep the sequence number of the message to keep
	 */
	void enforce(Iterable<Topic> touched, long keep, Dropper dropper) {
		for (Topic topic : touched) {
			long over = topic.messages() - this.limits.maxMessagesPerTopic();
			if (over > 0) {
				this.holdings.dropped(true, drop(dropper, true, topic, over, Long.MAX_VALUE));
			}
		}
		while (this.holdings.heldBytes() > this.limits.maxHeldBytes()) {
			Topic fullest = this.holdings.fullest(keep);
			long over = this.holdings.heldBytes() - this.limits.maxHeldBytes();
			long dropped = (fullest != null) ? drop(dropper, false, fullest, Long.MAX_VALUE, over) : 0;
			if (dropped == 0) {
				return;
			}
			this.holdings.dropped(false, dropped);
		}
	}

	private long drop(Dropper dropper, boolean forTopicLimit, Topic topic, long maxMessages, long minBytes) {
		Release release = dropper.drop(topic, maxMessages, minBytes);
		this.holdings.release(release);
		release.losses().forEach((loss) -> loss.group().dropped(forTopicLimit, loss.bound(), loss.messages()));
		return release.messages();
	}

	/**
	 * Deletes the oldest messages of a topic for a limit, never the message to keep.
	 */
	@FunctionalInterface
	interface Dropper {

		/**
		 * Delete as many messages as given, or until at least the given bytes are freed.
		 * @return what the topic no longer holds
		 */
		Release drop(Topic topic, long maxMessages, long minBytes);

	}

}
