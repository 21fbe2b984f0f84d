package dev.dsmq.server.queue;

import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * The newest messages of one topic, in memory beside the store: every message of the topic put after the tail's
 * floor, oldest first, so that a read after the floor finds its message here without a statement. Guarded by the
 * queue's lock, as the store is.
 */
final class TopicTail {

	private static final int INITIAL_CAPACITY = 8;

	/** A ring whose length is a power of two; the oldest entry at {@link #head}. */
	private RecentMessages.Entry[] ring = new RecentMessages.Entry[INITIAL_CAPACITY];

	private int head;

	private int size;

	/** Every message of the topic after this sequence number is in the tail; those up to it may be in the store. */
	private long floor;

	/**
	 * A tail of a topic whose newest message is the given one: every message put from now on is added to it.
	 */
	TopicTail(long floor) {
		this.floor = floor;
	}

	/**
	 * Whether the tail holds every message of the topic after the given sequence number.
	 */
	boolean covers(long after) {
		return after >= this.floor;
	}

	int size() {
		return this.size;
	}

	/**
	 * Return the entry at the given place, 0 for the oldest.
	 */
	RecentMessages.Entry get(int index) {
		return this.ring[(this.head + index) & (this.ring.length - 1)];
	}

	/**
	 * Return the place of the oldest entry after the given sequence number, or {@link #size()} if there is none.
	 */
	int indexAfter(long sequence) {
		int low = 0;
		int high = this.size;
		while (low < high) {
			int middle = (low + high) >>> 1;
			if (get(middle).sequence() <= sequence) {
				low = middle + 1;
			}
			else {
				high = middle;
			}
		}
		return low;
	}

	/**
	 * Return the entry of the oldest message after the given sequence number, if the tail holds one.
	 */
	RecentMessages.@Nullable Entry entryAfter(long sequence) {
		int index = indexAfter(sequence);
		return (index < this.size) ? get(index) : null;
	}

	/**
	 * Return the entry of the message with the given sequence number, if the tail holds it.
	 */
	RecentMessages.@Nullable Entry find(long sequence) {
		int index = indexAfter(sequence - 1);
		if (index < this.size) {
			RecentMessages.Entry entry = get(index);
			if (entry.sequence() == sequence) {
				return entry;
			}
		}
		return null;
	}

	/**
	 * Return the entry of the topic's newest message, or null if the tail holds none.
	 */
	RecentMessages.@Nullable Entry newest() {
		return (this.size > 0) ? get(this.size - 1) : null;
	}

	/**
	 * Add the topic's newest message.
	 */
	void add(RecentMessages.Entry entry) {
		if (this.size == this.ring.length) {
			resize(this.ring.length * 2);
		}
		this.ring[(this.head + this.size) & (this.ring.length - 1)] = entry;
		this.size++;
	}

	/**
	 * Take out the oldest entry: the store still holds its message, so the floor moves up to it.
	 */
	RecentMessages.Entry removeOldest() {
		RecentMessages.Entry oldest = get(0);
		this.floor = oldest.sequence();
		this.ring[this.head] = null;
		this.head = (this.head + 1) & (this.ring.length - 1);
		this.size--;
		shrinkIfSparse();
		return oldest;
	}

	/**
	 * Take out the entries of the messages up to the given sequence number, which the store deleted, handing each
	 * to the given action.
	 */
	void removeThrough(long sequence, Consumer<RecentMessages.Entry> removed) {
		while (this.size > 0 && get(0).sequence() <= sequence) {
			removed.accept(removeOldest());
		}
		this.floor = Math.max(this.floor, sequence);
	}

	private void shrinkIfSparse() {
		if (this.ring.length > INITIAL_CAPACITY && this.size <= this.ring.length / 4) {
			resize(this.ring.length / 2);
		}
	}

	private void resize(int capacity) {
		RecentMessages.Entry[] resized = new RecentMessages.Entry[capacity];
		for (int i = 0; i < this.size; i++) {
			resized[i] = get(i);
		}
		this.ring = resized;
		this.head = 0;
	}

}
