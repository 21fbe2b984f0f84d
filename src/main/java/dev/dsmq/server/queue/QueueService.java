package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.springframework.jdbc.core.ConnectionCallback;
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

	private static final String NEXT = "SELECT seq, body FROM message WHERE topic = ? AND seq > ? ORDER BY seq LIMIT 1";

	private static final String LATEST = "SELECT seq, body FROM message WHERE topic = ? AND seq > ? "
			+ "ORDER BY seq DESC LIMIT 1";

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration timeToLive;

	private final Lock lock = new ReentrantLock();

	private final Map<String, PreparedStatement> statements = new HashMap<>();

	/** Topics that readers are waiting on, each with the condition a put to it signals. */
	private final Map<String, Waiters> waiters = new HashMap<>();

	private boolean closed;

	private volatile int waitingReaders;

	private long assignedSequence;

	private volatile long lastSequence;

	public QueueService(JdbcTemplate jdbc, Clock clock, Duration timeToLive) {
		if (timeToLive.isNegative() || timeToLive.isZero()) {
			throw new IllegalArgumentException("time to live must be positive, not " + timeToLive);
		}
		this.jdbc = jdbc;
		this.clock = clock;
		this.timeToLive = timeToLive;
		Long max = jdbc.queryForObject("SELECT coalesce(max(seq), 0) FROM message", Long.class);
		this.assignedSequence = (max != null) ? max : 0;
		this.lastSequence = this.assignedSequence;
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
		return locked(() -> withConnection((connection) -> {
			PreparedStatement insert = statement(connection,
					"INSERT INTO message (seq, topic, body, created_at) VALUES (?, ?, ?, ?)");
			long createdAt = this.clock.millis();
			long sequence = this.assignedSequence;
			connection.setAutoCommit(false);
			try {
				for (NewMessage message : messages) {
					insert.setLong(1, ++sequence);
					insert.setString(2, message.topic());
					insert.setBytes(3, message.body());
					insert.setLong(4, createdAt);
					insert.executeUpdate();
				}
				connection.commit();
			}
			catch (SQLException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
			this.assignedSequence = sequence;
			this.lastSequence = sequence;
			if (!this.waiters.isEmpty()) {
				for (NewMessage message : messages) {
					Waiters waiting = this.waiters.get(message.topic());
					if (waiting != null) {
						waiting.arrival.signalAll();
					}
				}
			}
			return sequence;
		}));
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
		return next(topic, after, Duration.ZERO);
	}

	/**
	 * Return the oldest message of a topic after the given sequence number, waiting up to the given time for one
	 * to be put if there is none yet.
	 */
	public Optional<StoredMessage> next(String topic, long after, Duration wait) {
		return first(NEXT, topic, after, wait);
	}

	/**
	 * Return the newest message of a topic after the given sequence number.
	 */
	public Optional<StoredMessage> latest(String topic, long after) {
		return latest(topic, after, Duration.ZERO);
	}

	/**
	 * Return the newest message of a topic after the given sequence number, waiting up to the given time for one
	 * to be put if there is none yet.
	 */
	public Optional<StoredMessage> latest(String topic, long after, Duration wait) {
		return first(LATEST, topic, after, wait);
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
		return locked(() -> {
			// Sequence order is put order, so the expired messages are the ones before the first live one; finding it
			// walks only the expired rows. Should the wall clock step back, a few messages outlive their time until
			// the ones put before them expire.
			List<Long> firstLive = this.jdbc.queryForList(
					"SELECT seq FROM message WHERE created_at > ? ORDER BY seq LIMIT 1", Long.class, cutoff);
			long bound = firstLive.isEmpty() ? this.assignedSequence + 1 : firstLive.get(0);
			return this.jdbc.update("DELETE FROM message WHERE seq < ?", bound);
		});
	}

	/**
	 * Return what the store holds; also proves that the store answers.
	 */
	public QueueStats stats() {
		return locked(() -> this.jdbc.queryForObject("SELECT count(DISTINCT topic), count(*) FROM message",
				(rs, rowNum) -> new QueueStats(rs.getLong(1), rs.getLong(2))));
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
		locked(() -> {
			this.closed = true;
			this.waiters.values().forEach((waiting) -> waiting.arrival.signalAll());
			return null;
		});
	}

	private Optional<StoredMessage> first(String sql, String topic, long after, Duration wait) {
		return locked(() -> {
			Optional<StoredMessage> found = first(sql, topic, after);
			long remaining = wait.toNanos();
			if (found.isPresent() || remaining <= 0 || this.closed) {
				return found;
			}
			Waiters waiting = this.waiters.computeIfAbsent(topic, (key) -> new Waiters(this.lock.newCondition()));
			waiting.count++;
			this.waitingReaders++;
			try {
				while (found.isEmpty() && remaining > 0 && !this.closed) {
					remaining = waiting.arrival.awaitNanos(remaining);
					found = first(sql, topic, after);
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
			return found;
		});
	}

	private Optional<StoredMessage> first(String sql, String topic, long after) {
		return withConnection((connection) -> {
			PreparedStatement select = statement(connection, sql);
			select.setString(1, topic);
			select.setLong(2, after);
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? Optional.of(new StoredMessage(row.getLong(1), row.getBytes(2))) : Optional.empty();
			}
		});
	}

	private <T> T withConnection(ConnectionCallback<T> action) {
		return this.jdbc.execute(action);
	}

	/**
	 * Return a statement of the hot path, prepared once and kept: preparing is most of the cost of a one-row
	 * statement in SQLite. The one connection never closes, so neither do its statements. Call with the lock held.
	 */
	private PreparedStatement statement(Connection connection, String sql) throws SQLException {
		PreparedStatement statement = this.statements.get(sql);
		if (statement == null || statement.isClosed()) {
			statement = connection.prepareStatement(sql);
			this.statements.put(sql, statement);
		}
		return statement;
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
