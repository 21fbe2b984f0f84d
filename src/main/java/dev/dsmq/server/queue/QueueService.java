package dev.dsmq.server.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Topics of messages in SQLite, read by sequence number.
 * <p>
 * Every message gets a sequence number, strictly increasing in the order the puts were accepted, so that FIFO order
 * and read positions never depend on clock resolution. A reader asks for the first message after the last sequence
 * number it has seen; a new reader starts at {@link #lastSequence()}.
 * <p>
 * Topics are Unicode text: a string with an unpaired surrogate has no UTF-8 form and would be stored as {@code ?}.
 * <p>
 * All statements run on one SQLite connection (an in-memory database exists only within its connection), so they
 * are serialized by one lock, which also makes "assign a sequence number, then insert" atomic. A reader that waits
 * for a message releases the lock while it waits, and a put to its topic wakes it.
 */
public class QueueService {

	private final MessageStore store;

	private final Clock clock;

	private final Duration timeToLive;

	private final Lock lock = new ReentrantLock();

	/** Topics that readers are waiting on, each with the condition a put to it signals. */
	private final Map<String, Waiters> waiters = new HashMap<>();

	private boolean closed;

	/** Changed with the lock held. */
	private volatile int waitingReaders;

	private long assignedSequence;

	private volatile long lastSequence;

	public QueueService(JdbcTemplate jdbc, Clock clock, Duration timeToLive) {
		this(jdbc, clock, timeToLive, MessageStore.HeldLimits.NONE);
	}

	QueueService(JdbcTemplate jdbc, Clock clock, Duration timeToLive, MessageStore.HeldLimits limits) {
		if (timeToLive.isNegative() || timeToLive.isZero()) {
			throw new IllegalArgumentException("time to live must be positive, not " + timeToLive);
		}
		this.store = new MessageStore(jdbc, limits);
		this.clock = clock;
		this.timeToLive = timeToLive;
		this.assignedSequence = this.store.newestSequence();
		this.lastSequence = this.assignedSequence;
		// a store kept on disk may hold messages that expired while the server was down
		purgeExpired();
	}

	/**
	 * Append a message to a topic.
	 * @param topic the topic
	 * @param body the message as one encoded JSON value
	 * @return the message's sequence number
	 */
	public long put(String topic, byte[] body) {
		return putAll(List.of(new NewMessage(topic, body)));
	}

	/**
	 * Append messages in the order given, in one transaction: pipelined puts of one connection are stored together.
	 * @return the sequence number of the last message
	 */
	public long putAll(List<NewMessage> messages) {
		return locked(() -> {
			long first = this.assignedSequence + 1;
			this.store.insert(messages, first, this.clock.millis());
			long last = first + messages.size() - 1;
			this.assignedSequence = last;
			this.lastSequence = last;
			if (!this.waiters.isEmpty()) {
				for (NewMessage message : messages) {
					Waiters waiting = this.waiters.get(message.topic());
					if (waiting != null) {
						waiting.arrival.signalAll();
					}
				}
			}
			return last;
		});
	}

	/**
	 * A message to be put.
	 * @param topic the topic
	 * @param body the message as one encoded JSON value
	 */
	public record NewMessage(String topic, byte[] body) {
	}

	/**
	 * Return the oldest message of a topic after the given sequence number.
	 */
	public Optional<StoredMessage> next(String topic, long after) {
		return read(false, topic, after);
	}

	/**
	 * Return the newest message of a topic after the given sequence number.
	 */
	public Optional<StoredMessage> latest(String topic, long after) {
		return read(true, topic, after);
	}

	/**
	 * Wait until the topic holds a message after the given sequence number, the time is up, or waits are ended
	 * because the server stops. A put to the topic wakes the wait.
	 * @return whether the topic holds such a message
	 */
	public boolean awaitNewer(String topic, long after, Duration wait) {
		if (hasNewer(topic, after)) {
			return true;
		}
		return locked(() -> {
			long remaining = wait.toNanos();
			if (hasNewer(topic, after) || remaining <= 0 || this.closed) {
				return hasNewer(topic, after);
			}
			Waiters waiting = this.waiters.computeIfAbsent(topic, (key) -> new Waiters(this.lock.newCondition()));
			waiting.count++;
			this.waitingReaders++;
			try {
				while (!hasNewer(topic, after) && remaining > 0 && !this.closed) {
					remaining = waiting.arrival.awaitNanos(remaining);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.waitingReaders--;
				if (--waiting.count == 0) {
					this.waiters.remove(topic);
				}
			}
			return hasNewer(topic, after);
		});
	}

	/**
	 * Whether reads may wait for messages: not while the server stops.
	 */
	public boolean waitsAllowed() {
		return !this.closed;
	}

	/**
	 * Return the size of the largest message the topic has held since it last held none, or 0: a reader about to
	 * read from it needs at most this much memory for the message.
	 */
	public long largestBody(String topic) {
		Topic found = this.store.find(topic);
		return (found != null) ? found.largestBody() : 0;
	}

	/**
	 * Return the sequence number of the newest message accepted so far; a reader that starts now reads only what
	 * comes after it.
	 */
	public long lastSequence() {
		return this.lastSequence;
	}

	/**
	 * Delete every message older than the time to live.
	 * @return how many messages were deleted
	 */
	public int purgeExpired() {
		long cutoff = this.clock.millis() - this.timeToLive.toMillis();
		return locked(() -> this.store.deleteCreatedBefore(cutoff, this.assignedSequence));
	}

	/**
	 * Return what the store holds; also proves that the store answers.
	 */
	public QueueStats stats() {
		return locked(this.store::stats);
	}

	/**
	 * Return what each topic that holds messages holds, and when its oldest and newest messages were put. The lock
	 * is taken for one topic at a time, for two steps down the index, so that a long list does not hold up puts and
	 * gets.
	 */
	public List<TopicDepth> topicDepths() {
		List<TopicDepth> depths = new ArrayList<>();
		for (String name : this.store.topicNames()) {
			TopicDepth depth = locked(() -> this.store.depth(name));
			if (depth != null) {
				depths.add(depth);
			}
		}
		return depths;
	}

	/**
	 * The store, for its metrics.
	 */
	MessageStore store() {
		return this.store;
	}

	/**
	 * Return how many reads are waiting for a message to be put.
	 */
	public int waitingReaders() {
		return this.waitingReaders;
	}

	/**
	 * Wake every waiting reader, empty-handed, and answer later waits at once: the server is stopping.
	 */
	public void close() {
		setWaitsAllowed(false);
	}

	/**
	 * Allow reads to wait for messages, or end the waiting ones empty-handed and answer later waits at once, as
	 * while the server stops.
	 */
	void setWaitsAllowed(boolean allowed) {
		locked(() -> {
			this.closed = !allowed;
			if (!allowed) {
				this.waiters.values().forEach((waiting) -> waiting.arrival.signalAll());
			}
			return null;
		});
	}

	private Optional<StoredMessage> read(boolean latest, String topic, long after) {
		if (!hasNewer(topic, after)) {
			return Optional.empty();
		}
		return locked(() -> {
			Topic found = this.store.find(topic);
			if (found == null || !found.hasNewerThan(after)) {
				return Optional.empty();
			}
			return latest ? this.store.latest(found, after) : this.store.next(found, after);
		});
	}

	private boolean hasNewer(String topic, long after) {
		Topic found = this.store.find(topic);
		return found != null && found.hasNewerThan(after);
	}

	/**
	 * The readers waiting on one topic.
	 */
	private static final class Waiters {

		private final Condition arrival;

		private int count;

		Waiters(Condition arrival) {
			this.arrival = arrival;
		}

	}

	private <T> T locked(Supplier<T> work) {
		this.lock.lock();
		try {
			return work.get();
		}
		finally {
			this.lock.unlock();
		}
	}

}
