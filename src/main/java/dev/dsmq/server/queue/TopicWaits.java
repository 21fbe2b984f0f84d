package dev.dsmq.server.queue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;

/**
 * Readers that wait for a message to be put to a topic, each on its topic's condition of the store's lock, which
 * they release while they wait; a put to the topic wakes them. While the server stops, waits are not allowed: the
 * waiting readers are woken and later ones answered at once.
 * <p>
 * Every method but {@link #waiting()} and {@link #allowed()} is called with the lock held.
 */
final class TopicWaits {

	private final Lock lock;

	/** Topics that readers are waiting on, each with the condition a put to it signals. */
	private final Map<String, Waiters> waiters = new HashMap<>();

	private volatile boolean closed;

	/** Changed with the lock held. */
	private volatile int waiting;

	TopicWaits(Lock lock) {
		this.lock = lock;
	}

	/**
	 * Wait on the topic until the condition holds, the time is up, or waits are ended.
	 * @return whether the condition holds
	 */
	boolean await(String topic, long nanos, BooleanSupplier condition) {
		return await(topic, nanos, () -> condition.getAsBoolean() ? 0 : Long.MAX_VALUE);
	}

	/**
	 * Wait on the topic until the reader is ready, the time is up, or waits are ended. A reader that will be ready by
	 * a time of its own, not only by a put (a claim that runs out), sleeps no longer than until then.
	 * @return whether the reader is ready
	 */
	boolean await(String topic, long nanos, Readiness readiness) {
		long until = readiness.nanosUntilReady();
		if (until == 0 || nanos <= 0 || this.closed) {
			return until == 0;
		}
		Waiters waiting = this.waiters.computeIfAbsent(topic, (key) -> new Waiters(this.lock.newCondition()));
		waiting.count++;
		this.waiting++;
		long deadline = System.nanoTime() + nanos;
		long remaining = nanos;
		try {
			while (until > 0 && remaining > 0 && !this.closed) {
				waiting.arrival.awaitNanos(Math.min(remaining, until));
				until = readiness.nanosUntilReady();
				remaining = deadline - System.nanoTime();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.waiting--;
			if (--waiting.count == 0) {
				this.waiters.remove(topic);
			}
		}
		return until == 0;
	}

	/**
	 * What a waiting reader waits for.
	 */
	@FunctionalInterface
	interface Readiness {

		/**
		 * Return 0 if the reader is ready, else how many nanoseconds until it may be without being woken, or
		 * {@link Long#MAX_VALUE} if only being woken can make it ready.
		 */
		long nanosUntilReady();

	}

	/**
	 * Wake the readers waiting on the topics of messages just put.
	 */
	void signal(List<QueueService.NewMessage> messages) {
		if (this.waiters.isEmpty()) {
			return;
		}
		for (QueueService.NewMessage message : messages) {
			Waiters waiting = this.waiters.get(message.topic());
			if (waiting != null) {
				waiting.arrival.signalAll();
			}
		}
	}

	/**
	 * Wake the readers waiting on a topic, where something other than a put may have made a message available (a
	 * claim given back).
	 */
	void signal(String topic) {
		Waiters waiting = this.waiters.get(topic);
		if (waiting != null) {
			waiting.arrival.signalAll();
		}
	}

	/**
	 * Allow waits, or end the waiting ones and answer later ones at once.
	 */
	void allow(boolean allowed) {
		this.closed = !allowed;
		if (!allowed) {
			this.waiters.values().forEach((waiting) -> waiting.arrival.signalAll());
		}
	}

	boolean allowed() {
		return !this.closed;
	}

	int waiting() {
		return this.waiting;
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

}
