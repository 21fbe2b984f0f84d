package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * The readers of one node that wait for a topic on PostgreSQL, and what wakes them: a put or a release on this node
 * at once, and one on any other node through {@code LISTEN} on a connection of its own, which PostgreSQL notifies
 * as the change commits. A waiting reader looks at the store again when woken, and at least every
 * {@link #MAX_SLEEP} without being woken, so that a wake lost while the listening connection is down costs a reader
 * at most that much delay.
 * <p>
 * The lock guards only who waits on what: no statement runs with it held.
 */
final class PostgresWaits implements AutoCloseable {

	/** The longest a waiting reader sleeps before it looks at the store again, woken or not. */
	static final Duration MAX_SLEEP = Duration.ofSeconds(1);

	private static final Log logger = LogFactory.getLog(PostgresWaits.class);

	/** How long the listener blocks for notifications at a time, and waits before it connects again. */
	private static final int LISTEN_MILLIS = 500;

	private final Lock lock = new ReentrantLock();

	/** Topics that readers wait on; guarded by the lock. */
	private final Map<String, Waiters> waiters = new HashMap<>();

	private final DataSource dataSource;

	private final Thread listener;

	private volatile boolean closed;

	private volatile boolean running = true;

	private volatile boolean listening;

	/** Changed with the lock held. */
	private volatile int waiting;

	PostgresWaits(DataSource dataSource) {
		this.dataSource = dataSource;
		this.listener = new Thread(this::listen, "dsmq-postgres-listener");
		this.listener.setDaemon(true);
		this.listener.start();
	}

	/**
	 * Sleep until the topic is woken, the time is up, or waits are ended, then forget the reader.
	 * @param generation what {@link #generation(String)} returned before the reader last looked at the store
	 */
	void sleep(String topic, long generation, Duration wait) {
		long nanos = Math.min(wait.toNanos(), MAX_SLEEP.toNanos());
		this.lock.lock();
		try {
			Waiters waiting = this.waiters.get(topic);
			if (waiting == null) {
				throw new IllegalStateException("a reader sleeps on topic '" + MessageStore.abbreviate(topic)
						+ "' without having read its generation");
			}
			try {
				long deadline = System.nanoTime() + nanos;
				long remaining = nanos;
				while (waiting.generation == generation && remaining > 0 && !this.closed) {
					waiting.arrival.awaitNanos(remaining);
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
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Count a reader in as waiting on the topic, and return how often its readers have been woken while some waited,
	 * to be passed to {@link #sleep(String, long, Duration)}: a wake between looking at the store and going to sleep
	 * is not lost. The reader then sleeps or {@link #leave(String) leaves}.
	 */
	long generation(String topic) {
		this.lock.lock();
		try {
			Waiters waiting = this.waiters.computeIfAbsent(topic, (key) -> new Waiters(this.lock.newCondition()));
			// held until the reader sleeps, so that the generation it read is still the topic's then
			waiting.count++;
			this.waiting++;
			return waiting.generation;
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Forget a reader that read the topic's generation and does not sleep after all.
	 */
	void leave(String topic) {
		this.lock.lock();
		try {
			Waiters waiting = this.waiters.get(topic);
			if (waiting != null) {
				this.waiting--;
				if (--waiting.count == 0) {
					this.waiters.remove(topic);
				}
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Wake the readers of a topic; the empty string wakes every reader.
	 */
	void wake(String topic) {
		this.lock.lock();
		try {
			if (topic.isEmpty()) {
				this.waiters.values().forEach(Waiters::wake);
				return;
			}
			Waiters waiting = this.waiters.get(topic);
			if (waiting != null) {
				waiting.wake();
			}
		}
		finally {
			this.lock.unlock();
		}
	}

	/**
	 * Allow waits, or end the waiting ones and answer later ones at once.
	 */
	void allow(boolean allowed) {
		this.closed = !allowed;
		if (!allowed) {
			wake("");
		}
	}

	boolean allowed() {
		return !this.closed;
	}

	int waiting() {
		return this.waiting;
	}

	@Override
	public void close() {
		this.running = false;
		this.listener.interrupt();
		try {
			this.listener.join(2 * LISTEN_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Listen for notifications on a connection of its own, and connect again when it is lost; each time it listens
	 * anew, every reader is woken, since what was put while it did not listen was not told.
	 */
	private void listen() {
		while (this.running) {
			try (Connection connection = this.dataSource.getConnection()) {
				try (Statement statement = connection.createStatement()) {
					statement.execute("LISTEN " + PostgresMessages.CHANNEL);
				}
				PGConnection notifying = connection.unwrap(PGConnection.class);
				this.listening = true;
				wake("");
				while (this.running) {
					PGNotification[] notifications = notifying.getNotifications(LISTEN_MILLIS);
					if (notifications != null) {
						for (PGNotification notification : notifications) {
							wake(notification.getParameter());
						}
					}
				}
			}
			catch (SQLException | RuntimeException ex) {
				if (this.running) {
					if (this.listening) {
						logger.warn("Lost the connection that hears of other nodes' puts; waiting readers look at the "
								+ "store every " + MAX_SLEEP.toMillis() + " ms until it is back: " + ex.getMessage());
					}
				}
			}
			finally {
				this.listening = false;
			}
			pause();
		}
	}

	private void pause() {
		try {
			Thread.sleep(LISTEN_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.running = false;
		}
	}

	/**
	 * The readers waiting on one topic.
	 */
	private static final class Waiters {

		private final Condition arrival;

		private int count;

		private long generation;

		Waiters(Condition arrival) {
			this.arrival = arrival;
		}

		void wake() {
			this.generation++;
			this.arrival.signalAll();
		}

	}

}
