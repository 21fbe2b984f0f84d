package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.jspecify.annotations.Nullable;

/**
 * The SQL of messages on PostgreSQL: puts, broadcast reads by sequence number, and what a topic holds.
 * <p>
 * A put takes its sequence numbers by updating the one row of {@code dsmq_sequence} first in its transaction, and
 * holds that row's lock until it commits: puts of every node commit in the order of their numbers, and PostgreSQL
 * makes a commit visible before it releases the transaction's locks, so a reader that sees a number sees every
 * smaller one and never skips a message that commits later with a smaller number.
 */
final class PostgresMessages {

	/** The channel that tells every node's waiting readers of a put or a release. */
	static final String CHANNEL = "dsmq_put";

	/**
	 * The most bytes of a notification's payload that name a topic: PostgreSQL takes payloads shorter than 8000
	 * bytes, and a topic longer than this wakes every waiting reader instead.
	 */
	private static final int MAX_NOTIFIED_TOPIC = 7900;

	private static final String TAKE_SEQUENCES = "UPDATE dsmq_sequence SET last = last + ? WHERE id = 1 RETURNING last";

	private static final String INSERT = "INSERT INTO dsmq_message (seq, topic, body, headers, created_at, not_before)"
			+ " VALUES (?, ?, ?, ?, ?, ?)";

	private static final String NOTIFY = "SELECT pg_notify('" + CHANNEL + "', payload) FROM unnest(?::text[]) AS payload";

	private static final String NEXT = "SELECT seq, body, created_at, headers FROM dsmq_message"
			+ " WHERE topic = ? AND seq > ? ORDER BY seq LIMIT 1";

	private static final String LATEST = "SELECT seq, body, created_at, headers FROM dsmq_message"
			+ " WHERE topic = ? AND seq > ? ORDER BY seq DESC LIMIT 1";

	private static final String HAS_NEWER = "SELECT EXISTS (SELECT 1 FROM dsmq_message WHERE topic = ? AND seq > ?)";

	private static final String LAST = "SELECT last FROM dsmq_sequence WHERE id = 1";

	private PostgresMessages() {
	}

	/**
	 * Insert messages in the order given, numbered consecutively, and notify every node of their topics at commit;
	 * call in a transaction.
	 * @return the sequence number of the last one
	 */
	static long insert(Connection connection, List<NewMessage> messages, long now) throws SQLException {
		long last;
		try (PreparedStatement statement = connection.prepareStatement(TAKE_SEQUENCES)) {
			statement.setLong(1, messages.size());
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				last = row.getLong(1);
			}
		}
		long sequence = last - messages.size();
		Set<String> payloads = new LinkedHashSet<>();
		try (PreparedStatement statement = connection.prepareStatement(INSERT)) {
			for (NewMessage message : messages) {
				statement.setLong(1, ++sequence);
				statement.setString(2, message.topic());
				statement.setBytes(3, message.body());
				statement.setBytes(4, message.headers());
				statement.setLong(5, now);
				if (message.delay().isZero()) {
					statement.setNull(6, Types.BIGINT);
				}
				else {
					statement.setLong(6, now + message.delay().toMillis());
				}
				statement.addBatch();
				payloads.add(payload(message.topic()));
			}
			statement.executeBatch();
		}
		notify(connection, payloads);
		return last;
	}

	/**
	 * Notify every node's waiting readers of the topics, when the transaction commits.
	 */
	static void notify(Connection connection, Set<String> payloads) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(NOTIFY)) {
			statement.setArray(1, connection.createArrayOf("text", payloads.toArray()));
			statement.execute();
		}
	}

	/**
	 * Return what names a topic in a notification: the topic, or the empty string, which wakes every waiting reader,
	 * for one too long for a payload.
	 */
	static String payload(String topic) {
		// a character is at most 3 bytes of UTF-8 (4 for a pair of two chars), so most topics need no encoding
		if (topic.length() * 3 <= MAX_NOTIFIED_TOPIC
				|| topic.getBytes(StandardCharsets.UTF_8).length <= MAX_NOTIFIED_TOPIC) {
			return topic;
		}
		return "";
	}

	/**
	 * Return the oldest or the newest message of a topic after the sequence number.
	 */
	static Optional<StoredMessage> read(Connection connection, boolean latest, String topic, long after,
			boolean metadata) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(latest ? LATEST : NEXT)) {
			statement.setString(1, topic);
			statement.setLong(2, after);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return Optional.empty();
				}
				long sequence = row.getLong(1);
				byte[] body = row.getBytes(2);
				if (!metadata) {
					return Optional.of(new StoredMessage(sequence, body));
				}
				byte @Nullable [] headers = row.getBytes(4);
				return Optional.of(new StoredMessage(sequence, body, new StoredMessage.Metadata(row.getLong(3), headers)));
			}
		}
	}

	/**
	 * Whether the topic holds a message after the sequence number.
	 */
	static boolean hasNewer(Connection connection, String topic, long after) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(HAS_NEWER)) {
			statement.setString(1, topic);
			statement.setLong(2, after);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getBoolean(1);
			}
		}
	}

	/**
	 * Return the last sequence number committed: every message up to it is visible, since puts commit in order.
	 */
	static long last(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(LAST);
				ResultSet row = statement.executeQuery()) {
			row.next();
			return row.getLong(1);
		}
	}

}
