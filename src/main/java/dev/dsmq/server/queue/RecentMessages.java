package dev.dsmq.server.queue;

import java.util.ArrayDeque;

import org.jspecify.annotations.Nullable;

/**
 * The newest messages put, in memory beside the store and within a budget of bytes, so that readers who keep up
 * with the puts, broadcast and work-queue alike, find their message without a statement. The store stays the record:
 * each topic's {@link TopicTail} holds every message of the topic after its floor, and a read before the floor runs
 * its statement as it always did. Puts add to it once their transaction commits, and whatever the store deletes
 * (expiry, a limit) leaves it in the same lock.
 * <p>
 * The entries of all topics are also kept in one queue in the order they were put. The oldest entry of that queue is
 * the oldest of its topic's tail too, so that going over the budget takes out the oldest entries wherever they are.
 * Not thread-safe: the {@link QueueService} calls it with its lock held.
 */
final class RecentMessages {

	/**
	 * What an entry costs beyond its body and headers: the entry itself (56 bytes), its arrays' headers (16 each),
	 * and its places in the queue and in its topic's ring, which may be up to four times as long as it holds before
	 * it shrinks. Counted until the entry leaves the queue, so that entries taken out of their tail in between are
	 * bounded too.
	 */
	static final long ENTRY_OVERHEAD = 112;

	private final long maxBytes;

	private final ArrayDeque<Entry> order = new ArrayDeque<>();

	private long bytes;

	/**
	 * @param maxBytes the most bytes the entries may cost together, 0 to keep none
	 */
	RecentMessages(long maxBytes) {
		this.maxBytes = maxBytes;
	}

	/**
	 * Add a message just committed, the newest of its topic, and take out the oldest entries that the budget no
	 * longer allows. A message larger than the whole budget is not kept; nor, then, are the topic's older ones, so
	 * that its tail still holds every message after its floor.
	 * @param notBefore when groups may first claim it, 0 if at once
	 */
	void add(Topic topic, long sequence, long createdAt, long notBefore, byte[] body, byte @Nullable [] headers) {
		if (this.maxBytes == 0) {
			return;
		}
		TopicTail tail = topic.tail();
		if (tail == null) {
			tail = new TopicTail(sequence - 1);
			topic.setTail(tail);
		}
		Entry entry = new Entry(topic, sequence, createdAt, notBefore, body, headers);
		if (entry.cost() > this.maxBytes) {
			tail.removeThrough(sequence, Entry::markRemoved);
			return;
		}
		tail.add(entry);
		this.order.addLast(entry);
		this.bytes += entry.cost();
		while (this.bytes > this.maxBytes) {
			Entry oldest = this.order.removeFirst();
			if (!oldest.isRemoved()) {
				oldest.markRemoved();
				TopicTail oldestTail = oldest.topic().tail();
				if (oldestTail == null || oldestTail.removeOldest() != oldest) {
					throw new IllegalStateException("the oldest recent message " + oldest.sequence()
							+ " is not the oldest of its topic's");
				}
			}
			this.bytes -= oldest.cost();
		}
	}

	/**
	 * Take out the topic's messages up to the given sequence number: the store deleted them.
	 */
	void removeThrough(Topic topic, long sequence) {
		TopicTail tail = topic.tail();
		if (tail == null) {
			return;
		}
		tail.removeThrough(sequence, Entry::markRemoved);
		// entries taken out at the head of the queue, as expiry takes them, leave it at once
		while (!this.order.isEmpty() && this.order.peekFirst().isRemoved()) {
			this.bytes -= this.order.removeFirst().cost();
		}
	}

	/**
	 * Return how many bytes the entries cost, those taken out of their tails but still queued included.
	 */
	long bytes() {
		return this.bytes;
	}

	/**
	 * A message as put, kept in memory.
	 */
	static final class Entry {

		private final Topic topic;

		private final long sequence;

		private final long createdAt;

		private final long notBefore;

		private final byte[] body;

		private final byte @Nullable [] headers;

		private final long cost;

		private boolean removed;

		Entry(Topic topic, long sequence, long createdAt, long notBefore, byte[] body, byte @Nullable [] headers) {
			this.topic = topic;
			this.sequence = sequence;
			this.createdAt = createdAt;
			this.notBefore = notBefore;
			this.body = body;
			this.headers = headers;
			this.cost = ENTRY_OVERHEAD + body.length + ((headers != null) ? headers.length : 0);
		}

		Topic topic() {
			return this.topic;
		}

		long sequence() {
			return this.sequence;
		}

		long createdAt() {
			return this.createdAt;
		}

		/**
		 * When groups may first claim the message, in milliseconds since the epoch; 0 if at once.
		 */
		long notBefore() {
			return this.notBefore;
		}

		byte[] body() {
			return this.body;
		}

		byte @Nullable [] headers() {
			return this.headers;
		}

		long cost() {
			return this.cost;
		}

		boolean isRemoved() {
			return this.removed;
		}

		void markRemoved() {
			this.removed = true;
		}

		/**
		 * Return the message as a read returns it, with its metadata if asked.
		 */
		StoredMessage toStored(boolean metadata) {
			return new StoredMessage(this.sequence, this.body,
					metadata ? new StoredMessage.Metadata(this.createdAt, this.headers) : null);
		}

	}

}
