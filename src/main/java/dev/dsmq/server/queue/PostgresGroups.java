package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * The SQL of work-queue groups on PostgreSQL (PROTOCOL.md section 10), in the rows of the SQLite store's shape.
 * <p>
 * A claim picks the oldest message the group may claim and locks its row with {@code FOR UPDATE SKIP LOCKED}
 * ({@code dsmq_candidate} in the schema), so that consumers claiming at once, on any node, spread over different
 * messages instead of queueing on one; what makes a claim the
 * only one is the row of {@code dsmq_group_message} it writes, inserted or updated only where no running claim or
 * delete is there ({@code ON CONFLICT ... DO UPDATE ... WHERE}), which PostgreSQL decides on the newest committed
 * row: a claimer that loses the race gets no row back and goes on to the next message.
 */
final class PostgresGroups {

	private static final String FIND = "SELECT id FROM dsmq_group WHERE topic = ? AND name = ?";

	private static final String COUNT_OF_TOPIC = "SELECT count(*) FROM dsmq_group WHERE topic = ?";

	private static final String COUNT = "SELECT count(*) FROM dsmq_group";

	/** A new group starts at the oldest message the topic holds: nothing is done for it yet. */
	private static final String CREATE = "INSERT INTO dsmq_group (topic, name, done_through, used_at) VALUES (?, ?, 0, ?)"
			+ " ON CONFLICT (topic, name) DO NOTHING";

	private static final String USE = "UPDATE dsmq_group SET used_at = greatest(used_at, ?) WHERE id = ?";

	private static final String DONE_THROUGH = "SELECT done_through FROM dsmq_group WHERE id = ?";

	/** The function runs once, in the subquery, and finds (and locks) the message; the join reads its row. */
	private static final String CANDIDATE = "SELECT m.seq, m.body, m.headers, m.created_at,"
			+ " coalesce(g.retrievals, 0), coalesce(g.first_retrieved, 0)"
			+ " FROM (SELECT dsmq_candidate(?, ?, ?, ?, ?) AS seq) AS c JOIN dsmq_message m ON m.seq = c.seq"
			+ " LEFT JOIN dsmq_group_message g ON g.grp = ? AND g.seq = m.seq";

	/** Claim (state 1) or pop (state 2) a message, unless a running claim or a delete got there first. */
	private static final String CLAIM = "INSERT INTO dsmq_group_message AS g"
			+ " (grp, seq, available_at, first_retrieved, retrievals, state) VALUES (?, ?, ?, ?, 1, ?)"
			+ " ON CONFLICT (grp, seq) DO UPDATE SET available_at = excluded.available_at,"
			+ " retrievals = g.retrievals + 1, state = excluded.state"
			+ " WHERE g.state <> 2 AND g.available_at <= ? RETURNING retrievals, first_retrieved";

	private static final String DELETE = "INSERT INTO dsmq_group_message AS g"
			+ " (grp, seq, available_at, first_retrieved, retrievals, state)"
			+ " SELECT ?, m.seq, 0, 0, 0, 2 FROM dsmq_message m WHERE m.seq = ? AND m.topic = ?"
			+ " ON CONFLICT (grp, seq) DO UPDATE SET state = 2";

	/**
	 * After a delete of the group's, move done_through past the messages it has deleted, where the first message after
	 * it is deleted (to just before the first one not deleted, or to the newest the topic holds if all are), and
	 * scan_from past the messages after it that the group has claimed or deleted, so that a claim passes over them in
	 * one index read whatever holds done_through back (a claim still running on an older message, a delete to come).
	 * No message that commits later can be passed over, since puts commit in the order of their numbers.
	 */
	private static final String ADVANCE = "SELECT dsmq_advance(?)";

	/** Every group's marks, moved as after a delete of its own. */
	private static final String ADVANCE_ALL = "SELECT dsmq_advance(id) FROM dsmq_group";

	private static final String RELEASE = "UPDATE dsmq_group_message SET state = 0, available_at = ?"
			+ " WHERE grp = ? AND seq = ? AND state = 1";

	private static final String REDELIVERED = "UPDATE dsmq_group SET redelivered = redelivered + 1 WHERE id = ?";

	private static final String DEAD_LETTERED = "UPDATE dsmq_group SET dead_lettered = dead_lettered + 1 WHERE id = ?";

	private static final String NEXT_AVAILABLE = "SELECT min(t) FROM ("
			+ "SELECT g.available_at AS t FROM dsmq_group_message g JOIN dsmq_message m ON m.seq = g.seq"
			+ " WHERE g.grp = ? AND g.seq > ? AND g.state <> 2 AND g.available_at > ?"
			+ " UNION ALL SELECT m.not_before FROM dsmq_message m"
			+ " WHERE m.topic = ? AND m.seq > ? AND m.not_before > ?) AS due";

	private static final String DEPTH = "SELECT count(*) FILTER (WHERE (g.grp IS NULL OR"
			+ " (g.state <> 2 AND g.available_at <= ?)) AND (m.not_before IS NULL OR m.not_before <= ?)),"
			+ " count(*) FILTER (WHERE g.state = 1 AND g.available_at > ?),"
			+ " (SELECT redelivered FROM dsmq_group WHERE id = ?), (SELECT dead_lettered FROM dsmq_group WHERE id = ?),"
			+ " (SELECT lost FROM dsmq_group WHERE id = ?)"
			+ " FROM dsmq_message m LEFT JOIN dsmq_group_message g ON g.grp = ? AND g.seq = m.seq"
			+ " WHERE m.topic = ? AND m.seq > ?";

	private PostgresGroups() {
	}

	/**
	 * Return the id of the group, or 0 if it does not exist.
	 */
	static long find(Connection connection, String topic, String name) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(FIND)) {
			statement.setString(1, topic);
			statement.setString(2, name);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? row.getLong(1) : 0;
			}
		}
	}

	/**
	 * Create the group if no node has, within the limits on how many there are (counted in SQL, so two nodes
	 * creating groups at the same moment may pass a limit by one each), and return its id.
	 * @throws TooManyGroupsException if it does not exist and there are as many groups as there may be
	 */
	static long create(Connection connection, String topic, String name, long now, GroupLimits limits)
			throws SQLException {
		if (count(connection, COUNT_OF_TOPIC, topic) >= limits.maxPerTopic()) {
			throw new TooManyGroupsException("topic '" + MessageStore.abbreviate(topic) + "' has " + limits.maxPerTopic()
					+ " groups, the most it may (dsmq.groups.max-per-topic)");
		}
		if (count(connection, COUNT, null) >= limits.maxTotal()) {
			throw new TooManyGroupsException(
					"the server has " + limits.maxTotal() + " groups, the most it may (dsmq.groups.max-total)");
		}
		try (PreparedStatement statement = connection.prepareStatement(CREATE)) {
			statement.setString(1, topic);
			statement.setString(2, name);
			statement.setLong(3, now);
			statement.executeUpdate();
		}
		return find(connection, topic, name);
	}

	/**
	 * Return how many groups there are in all.
	 */
	static long count(Connection connection) throws SQLException {
		return count(connection, COUNT, null);
	}

	private static long count(Connection connection, String sql, @Nullable String topic) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			if (topic != null) {
				statement.setString(1, topic);
			}
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getLong(1);
			}
		}
	}

	/**
	 * Store that the group is used now, so that no node forgets it as idle.
	 * @return whether the group still exists
	 */
	static boolean use(Connection connection, long group, long now) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(USE)) {
			statement.setLong(1, now);
			statement.setLong(2, group);
			return statement.executeUpdate() == 1;
		}
	}

	/**
	 * Return up to where every message is done for the group, or -1 if the group no longer exists (forgotten as
	 * idle by the node that ran expiry).
	 */
	static long doneThrough(Connection connection, long group) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(DONE_THROUGH)) {
			statement.setLong(1, group);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? row.getLong(1) : -1;
			}
		}
	}

	/**
	 * Return the oldest message after the sequence number that the group may claim now, locked against the other
	 * claimers if asked (skipping those they hold), or null if there is none.
	 */
	static @Nullable Candidate candidate(Connection connection, long group, String topic, long after, long now,
			boolean lock) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(CANDIDATE)) {
			statement.setLong(1, group);
			statement.setString(2, topic);
			statement.setLong(3, after);
			statement.setLong(4, now);
			statement.setBoolean(5, lock);
			statement.setLong(6, group);
			try (ResultSet row = statement.executeQuery()) {
				if (!row.next()) {
					return null;
				}
				return new Candidate(row.getLong(1), row.getBytes(2), row.getBytes(3), row.getLong(4), row.getInt(5),
						row.getLong(6));
			}
		}
	}

	/**
	 * Claim the message until the time given, or delete it at once for a pop.
	 * @return how often the group has claimed it and when first, or null if another claimer got there first
	 */
	static long @Nullable [] claim(Connection connection, long group, long sequence, long now, long until,
			boolean pop) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
			statement.setLong(1, group);
			statement.setLong(2, sequence);
			statement.setLong(3, until);
			statement.setLong(4, now);
			statement.setInt(5, pop ? 2 : 1);
			statement.setLong(6, now);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() ? new long[] { row.getLong(1), row.getLong(2) } : null;
			}
		}
	}

	/**
	 * Mark the message deleted for the group, if the topic holds it.
	 */
	static void delete(Connection connection, long group, String topic, long sequence) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(DELETE)) {
			statement.setLong(1, group);
			statement.setLong(2, sequence);
			statement.setString(3, topic);
			statement.executeUpdate();
		}
	}

	/**
	 * Move the group's done_through past what it has deleted, if the first message after it is deleted; run once the
	 * delete has committed.
	 * @return whether it moved
	 */
	static boolean advance(Connection connection, long group) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(ADVANCE)) {
			statement.setLong(1, group);
			try (ResultSet row = statement.executeQuery()) {
				return row.next() && row.getBoolean(1);
			}
		}
	}

	/**
	 * Move every group's marks as {@link #advance} moves one group's, for what a delete's own move missed.
	 */
	static void advanceAll(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(ADVANCE_ALL)) {
			statement.execute();
		}
	}

	/**
	 * Give a running claim back: the message is available again from the time given.
	 * @return whether the group had claimed it
	 */
	static boolean release(Connection connection, long group, long sequence, long availableAt) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(RELEASE)) {
			statement.setLong(1, availableAt);
			statement.setLong(2, group);
			statement.setLong(3, sequence);
			return statement.executeUpdate() == 1;
		}
	}

	static void countRedelivered(Connection connection, long group) throws SQLException {
		update(connection, REDELIVERED, group);
	}

	static void countDeadLettered(Connection connection, long group) throws SQLException {
		update(connection, DEAD_LETTERED, group);
	}

	private static void update(Connection connection, String sql, long group) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, group);
			statement.executeUpdate();
		}
	}

	/**
	 * Return when the group may next find a message without a put or a release: a claim that runs out or a delay
	 * that ends; {@link Long#MAX_VALUE} if nothing will.
	 */
	static long nextAvailable(Connection connection, long group, String topic, long after, long now)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(NEXT_AVAILABLE)) {
			statement.setLong(1, group);
			statement.setLong(2, after);
			statement.setLong(3, now);
			statement.setString(4, topic);
			statement.setLong(5, after);
			statement.setLong(6, now);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				long next = row.getLong(1);
				return row.wasNull() ? Long.MAX_VALUE : next;
			}
		}
	}

	/**
	 * Return what the group has now and what it counted.
	 */
	static GroupDepth depth(Connection connection, long group, String topic, String name, long after, long now)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(DEPTH)) {
			statement.setLong(1, now);
			statement.setLong(2, now);
			statement.setLong(3, now);
			statement.setLong(4, group);
			statement.setLong(5, group);
			statement.setLong(6, group);
			statement.setLong(7, group);
			statement.setString(8, topic);
			statement.setLong(9, after);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return new GroupDepth(name, row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4),
						row.getLong(5));
			}
		}
	}

	/**
	 * A message the group may claim, as read before claiming it.
	 */
	record Candidate(long sequence, byte[] body, byte @Nullable [] headers, long createdAt, int retrievals,
			long firstRetrieved) {
	}

}
