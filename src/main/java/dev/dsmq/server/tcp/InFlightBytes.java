package dev.dsmq.server.tcp;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * The bytes of requests and replies held in memory by all connections together, and the most they may hold
 * ({@code dsmq.max-in-flight-bytes}): a connection finds room for a body before it reads it, and for a message
 * before it reads it from the store, and gives the room back once it has acted on the batch and written the reply.
 * A body that finds no room waits, so its bytes wait in the network instead of the heap.
 * <p>
 * Room is taken without a lock while there is enough; only a connection that has to wait takes the lock, a lock
 * rather than a monitor so that waiting virtual threads leave their carriers free on JDK 21 to 23 as well. When
 * nothing else is in flight, a request is let in whatever its size, so that a limit below the largest body cannot
 * shut a client out for good. A body or message of at most {@link #SMALL} bytes never waits: it is counted, but let
 * in over the limit, so that requests such as gets and polls go on being served while large ones wait; each
 * connection holds at most one such body at a time, which bounds what they take.
 */
final class InFlightBytes {

	/** A body or message this small never waits for room. */
	static final int SMALL = 8 * 1024;

	/** How often a waiting connection looks whether it should stop waiting: it was closed, or the server stops. */
	private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	private final long limit;

	private final AtomicLong used = new AtomicLong();

	private final AtomicLong waiting = new AtomicLong();

	private final LongSupplier nanoTime;

	private final Lock lock = new ReentrantLock();

	/** Signalled whenever room is given back while someone waits. */
	private final Condition released = this.lock.newCondition();

	InFlightBytes(long limit) {
		this(limit, System::nanoTime);
	}

	/**
	 * Create the room, its waits timed by the given clock.
	 * @param nanoTime the clock that deadlines are given on, as {@link System#nanoTime()}
	 */
	InFlightBytes(long limit, LongSupplier nanoTime) {
		if (limit < 1) {
			throw new IllegalArgumentException("the limit must be positive, not " + limit);
		}
		this.limit = limit;
		this.nanoTime = nanoTime;
	}

	long limit() {
		return this.limit;
	}

	/**
	 * Return the bytes held now.
	 */
	long used() {
		return this.used.get();
	}

	/**
	 * Return how many callers are waiting for room now.
	 */
	long waiting() {
		return this.waiting.get();
	}

	/**
	 * Take room for the given bytes if there is enough now.
	 */
	boolean tryAcquire(long bytes) {
		long now;
		do {
			now = this.used.get();
			if (now + bytes > this.limit && now > 0) {
				return false;
			}
		}
		while (!this.used.compareAndSet(now, now + bytes));
		return true;
	}

	/**
	 * Take room for the given bytes, waiting until there is enough, the deadline passes, or the caller gives up.
	 * @param deadlineNanos when to stop waiting, on the room's clock: {@link System#nanoTime()} but in tests
	 * @param givenUp whether the caller no longer wants the room, asked now and then while it waits
	 * @return whether the room was taken
	 */
	boolean acquire(long bytes, long deadlineNanos, BooleanSupplier givenUp) throws InterruptedException {
		if (tryAcquire(bytes)) {
			return true;
		}
		this.waiting.incrementAndGet();
		try {
			this.lock.lockInterruptibly();
			try {
				while (!tryAcquire(bytes)) {
					long left = deadlineNanos - this.nanoTime.getAsLong();
					if (left <= 0 || givenUp.getAsBoolean()) {
						return false;
					}
					this.released.awaitNanos(Math.min(left, RECHECK_NANOS));
				}
				return true;
			}
			finally {
				this.lock.unlock();
			}
		}
		finally {
			this.waiting.decrementAndGet();
		}
	}

	/**
	 * Give room back.
	 */
	void release(long bytes) {
		if (bytes <= 0) {
			return;
		}
		this.used.addAndGet(-bytes);
		if (this.waiting.get() > 0) {
			this.lock.lock();
			try {
				this.released.signalAll();
			}
			finally {
				this.lock.unlock();
			}
		}
	}

	/**
	 * The room one connection holds: what it has taken and not yet given back. The connection's thread takes and
	 * gives back room while any thread may close the connection; once closed, the reservation holds nothing for
	 * good. Room its thread takes after the close, racing it, is given back at once, and the thread is told it
	 * has the room, since what it goes on to read or write finds the connection closed.
	 */
	final class Reservation {

		/** What {@link #held} is once the connection has closed. */
		private static final long CLOSED = Long.MIN_VALUE;

		/** The bytes held, or {@link #CLOSED}. Read by other threads for metrics and when the connection closes. */
		private final AtomicLong held = new AtomicLong();

		boolean tryAcquire(long bytes) {
			if (isClosed()) {
				return true;
			}
			if (!InFlightBytes.this.tryAcquire(bytes)) {
				return false;
			}
			hold(bytes);
			return true;
		}

		boolean acquire(long bytes, long deadlineNanos, BooleanSupplier givenUp) throws InterruptedException {
			if (isClosed()) {
				return true;
			}
			if (!InFlightBytes.this.acquire(bytes, deadlineNanos, givenUp)) {
				return false;
			}
			hold(bytes);
			return true;
		}

		/**
		 * Take room whether or not there is any: for bytes that are in memory already.
		 */
		void force(long bytes) {
			if (isClosed()) {
				return;
			}
			InFlightBytes.this.used.addAndGet(bytes);
			hold(bytes);
		}

		/**
		 * Count room taken as held, unless the connection closed since it was taken: then no one would give it back.
		 */
		private void hold(long bytes) {
			long now;
			do {
				now = this.held.get();
				if (now == CLOSED) {
					InFlightBytes.this.release(bytes);
					return;
				}
			}
			while (!this.held.compareAndSet(now, now + bytes));
		}

		/**
		 * Give back part of what is held.
		 */
		void release(long bytes) {
			long now;
			long released;
			do {
				now = this.held.get();
				if (now == CLOSED) {
					return;
				}
				released = Math.min(bytes, now);
			}
			while (!this.held.compareAndSet(now, now - released));
			InFlightBytes.this.release(released);
		}

		/**
		 * Give back everything held: the connection has acted on its batch.
		 */
		void releaseAll() {
			long now;
			do {
				now = this.held.get();
				if (now == CLOSED) {
					return;
				}
			}
			while (!this.held.compareAndSet(now, 0));
			InFlightBytes.this.release(now);
		}

		/**
		 * Give back everything held, and hold nothing from now on: the connection has closed.
		 */
		void close() {
			long now = this.held.getAndSet(CLOSED);
			if (now != CLOSED) {
				InFlightBytes.this.release(now);
			}
		}

		private boolean isClosed() {
			return this.held.get() == CLOSED;
		}

		long held() {
			return Math.max(0, this.held.get());
		}

	}

}
