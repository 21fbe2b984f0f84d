package dev.dsmq.server.queue;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 * <p>
 * A reader further back, working through a backlog, reads ahead instead: a run of the topic's messages from where
 * it is, one statement for many reads, kept as a window: the topic's for its work-queue groups, and each broadcast
 * reader's own, since broadcast readers of a topic are each at a position of their own and would replace each
 * other's run. The windows share a quarter of the budget, the one least recently read from leaving first. A window
 * that served most of its run reads twice as many the next time, up to {@link #MAX_WINDOW_ROWS}; one replaced before
 * it served two, as when two groups take turns far apart, half as many, down to one.
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

	/** The most messages a window reads at once. */
	static final int MAX_WINDOW_ROWS = 256;

	/** What a topic's first window reads. */
	static final int FIRST_WINDOW_ROWS = 16;

	private final long maxBytes;

	private final ArrayDeque<Entry> order = new ArrayDeque<>();

	private long bytes;

	private final WindowReader reader;

	/**
	 * The windows, the one read from least recently first: a topic's groups' by the {@link Topic}, a broadcast
	 * reader's by its {@link ReaderWindow}.
	 */
	private final Map<Object, Window> windows = new LinkedHashMap<>(16, 0.75f, true);

	private long windowBytes;

	/**
	 * @param maxBytes the most bytes the entries may cost together, 0 to keep none
	 * @param reader reads a window's messages from the store
	 */
	RecentMessages(long maxBytes, WindowReader reader) {
		this.maxBytes = maxBytes;
		this.reader = reader;
	}

	/**
	 * Reads a run of a topic's messages from the store.
	 */
	interface WindowReader {

		/**
		 * Return the topic's oldest messages after the given sequence number, in order: as many as given, or fewer
		 * once they cost the given bytes.
		 */
		List<Entry> read(Topic topic, long after, int rows, long maxBytes);

	}

	/**
	 * Return a run of the topic's messages, for its work-queue groups, that holds every one of them from just after
	 * the given sequence number on up to its newest entry: the topic's window if it does, else a new one read from
	 * the store; null if nothing is kept in memory, or the topic holds nothing after the sequence number.
	 */
	@Nullable TopicTail window(Topic topic, long after) {
		return window(topic, topic, after);
	}

	/**
	 * Return a run of the topic's messages for one broadcast reader, as {@link #window(Topic, long)} does for groups.
	 */
	@Nullable TopicTail window(ReadPositions reader, Topic topic, long after) {
		return window(new ReaderWindow(reader, topic), topic, after);
	}

	/**
	 * A broadcast reader's window in a topic: the reader and the topic as they are, each by identity.
	 */
	private record ReaderWindow(ReadPositions reader, Topic topic) {
	}

	private @Nullable TopicTail window(Object key, Topic topic, long after) {
		if (this.maxBytes == 0) {
			return null;
		}
		Window window = this.windows.get(key);
		// the store deletes a topic's oldest messages first: a run that still holds the message after the position
		// holds every one the store holds up to its newest, unless the store has deleted that one since
		if (window != null && window.covers(after)
				&& window.messages.entryAfter(after).sequence() > topic.deletedThrough()) {
			window.served++;
			return window.messages;
		}
		int rows = FIRST_WINDOW_ROWS;
		if (window != null) {
			rows = window.nextRows();
			drop(key, window);
		}
		List<Entry> read = this.reader.read(topic, after, rows, this.maxBytes / 16);
		if (read.isEmpty()) {
			return null;
		}
		Window made = new Window(new TopicTail(after), rows, read.size());
		for (Entry entry : read) {
			made.messages.add(entry);
			made.bytes += entry.cost();
		}
		made.served = 1;
		this.windows.put(key, made);
		this.windowBytes += made.bytes;
		for (Iterator<Map.Entry<Object, Window>> eldest = this.windows.entrySet().iterator();
				this.windowBytes > this.maxBytes / 4 && eldest.hasNext();) {
			Map.Entry<Object, Window> next = eldest.next();
			if (next.getValue() != made) {
				this.windowBytes -= next.getValue().bytes;
				eldest.remove();
			}
		}
		return made.messages;
	}

	private void drop(Object key, Window window) {
		this.windows.remove(key);
		this.windowBytes -= window.bytes;
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
		// the broadcast readers' windows of the topic find out when they are next read from
		topic.deletedThrough(sequence);
		Window window = this.windows.get(topic);
		if (window != null) {
			window.messages.removeThrough(sequence, (removed) -> {
				window.bytes -= removed.cost();
				this.windowBytes -= removed.cost();
			});
			if (window.messages.size() == 0) {
				drop(topic, window);
			}
		}
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
	 * Return how many bytes the windows' messages cost.
	 */
	long windowBytes() {
		return this.windowBytes;
	}

	/**
	 * A topic's window: a run of its messages read from the store, how many were asked for and read, and how many
	 * reads it served.
	 */
	private static final class Window {

		private final TopicTail messages;

		private final int rows;

		private final int read;

		private int served;

		private long bytes;

		Window(TopicTail messages, int rows, int read) {
			this.messages = messages;
			this.rows = rows;
			this.read = read;
		}

		/**
		 * Whether the run holds the message after the given sequence number, and every one of the topic's between.
		 */
		boolean covers(long after) {
			Entry newest = this.messages.newest();
			return this.messages.covers(after) && newest != null && newest.sequence() > after;
		}

		/**
		 * Return how many messages the window that replaces this one reads.
		 */
		int nextRows() {
			if (this.served * 2 >= this.read) {
				return Math.min(this.rows * 2, MAX_WINDOW_ROWS);
			}
			return (this.served < 2) ? Math.max(this.rows / 2, 1) : this.rows;
		}

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
