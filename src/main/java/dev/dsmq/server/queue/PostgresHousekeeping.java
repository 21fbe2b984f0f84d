package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.jspecify.annotations.Nullable;

/**
 * Expiry, the held limits and the upkeep of work-queue groups on PostgreSQL, done by one node at a time: the node
 * that takes the advisory lock {@link #LOCK} for the pass. Each statement commits on its own, so that no pass holds
 * the rows of messages or groups that claims wait for longer than one statement.
 * <p>
 * The limits are counted in SQL, by the node that runs the pass, every {@code dsmq.purge-interval}: between two
 * passes a topic may pass {@code dsmq.max-messages-per-topic}, and the store {@code dsmq.max-held-bytes}, by what
 * the nodes put in that time, and the pass then drops the oldest messages to bring them back.
 */
final class PostgresHousekeeping {

	/** The advisory lock of the pass, the same number on every node: "dsmq" in ASCII, then 1 for expiry. */
	static final long LOCK = 0x64736d7100000001L;

	private static final String TRY_LOCK = "SELECT pg_try_advisory_lock(?)";

	private static final String UNLOCK = "SELECT pg_advisory_unlock(?)";

	/** What a message costs as counted against dsmq.max-held-bytes, as {@link Costs} counts it on SQLite. */
	private static final String SIZE = "(octet_length(body) + coalesce(octet_length(headers), 0) + "
			+ Costs.MESSAGE_OVERHEAD + ")";

	/**
	 * Delete the messages that {@code %s} selects, count them as lost for each group that had not deleted them, and
	 * return how many went and the newest of them.
	 */
	private static final String DELETE_COUNTING_LOSSES = "WITH gone AS (DELETE FROM dsmq_message WHERE %s"
			+ " RETURNING seq, topic),"
			+ " lost AS (SELECT g.id, count(*) AS n FROM gone JOIN dsmq_group g"
			+ " ON g.topic = gone.topic AND gone.seq > g.done_through WHERE NOT EXISTS (SELECT 1 FROM"
			+ " dsmq_group_message d WHERE d.grp = g.id AND d.seq = gone.seq AND d.state = 2) GROUP BY g.id),"
			+ " counted AS (UPDATE dsmq_group g SET lost = g.lost + lost.n FROM lost WHERE g.id = lost.id RETURNING 1)"
			+ " SELECT count(*), coalesce(max(seq), 0) FROM gone";

	/** As on SQLite, a message put exactly the time to live ago has expired. */
	private static final String EXPIRED = "created_at <= ?";

	private static final String OVER_TOPIC_LIMIT = "seq IN (SELECT seq FROM (SELECT seq, row_number() OVER"
			+ " (PARTITION BY topic ORDER BY seq DESC) AS n FROM dsmq_message WHERE topic IN (SELECT topic FROM"
			+ " dsmq_message GROUP BY topic HAVING count(*) > ?)) AS ranked WHERE ranked.n > ?)";

	/** The topic that holds the most bytes, of those that hold more than their newest message. */
	private static final String FULLEST = "SELECT topic FROM dsmq_message GROUP BY topic HAVING count(*) > 1"
			+ " ORDER BY sum(" + SIZE + ") + octet_length(topic) DESC LIMIT 1";

	/** A topic's oldest messages up to the given bytes, never its newest. */
	private static final String OLDEST_OF_FULLEST = "topic = ? AND seq <= (SELECT seq FROM (SELECT seq, sum(" + SIZE
			+ ") OVER (ORDER BY seq) AS upto FROM dsmq_message WHERE topic = ?) AS oldest WHERE oldest.upto >= ?"
			+ " ORDER BY seq LIMIT 1) AND seq < (SELECT max(seq) FROM dsmq_message WHERE topic = ?)";

	/** The most topics one pass drops messages of for the byte limit; the next pass goes on. */
	private static final int MAX_TOPICS_DROPPED_FROM = 100;

	private static final String HELD = "SELECT count(*), coalesce(sum(n), 0), coalesce(sum(b), 0), coalesce(max(n), 0)"
			+ " FROM (SELECT topic, count(*) AS n, sum(" + SIZE + ") + " + Costs.TOPIC_OVERHEAD
			+ " + octet_length(topic) AS b FROM dsmq_message GROUP BY topic) AS topics";

	/**
	 * A group's rows go with their messages, never before: a claimer that read a message before another deleted it
	 * finds the delete in the row and loses the race, where a row already gone would let it claim the message again.
	 */
	private static final String ORPHANED_ROWS = "DELETE FROM dsmq_group_message d WHERE d.seq <= ?"
			+ " AND NOT EXISTS (SELECT 1 FROM dsmq_message m WHERE m.seq = d.seq)";

	private static final String FORGET_IDLE = "DELETE FROM dsmq_group WHERE used_at <= ?";

	private static final String STORE_STATS = "UPDATE dsmq_stats SET topics = ?, messages = ?, bytes = ?,"
			+ " expired = expired + ?, dropped_for_topic_limit = dropped_for_topic_limit + ?,"
			+ " dropped_for_byte_limit = dropped_for_byte_limit + ? WHERE id = 1";

	private static final String READ_STATS = "SELECT topics, messages, bytes, expired, dropped_for_topic_limit,"
			+ " dropped_for_byte_limit, (SELECT count(*) FROM dsmq_group) FROM dsmq_stats WHERE id = 1";

	private PostgresHousekeeping() {
	}

	/**
	 * Run the pass if no other node is running it: delete what expired, drop the oldest messages over the limits,
	 * move the groups past what they deleted and forget those idle for the time to live, and count what is held.
	 * @param now the node's clock
	 * @param cutoff messages put before it have expired, as have groups last used then
	 * @return how many messages expired, or -1 if another node holds the pass's lock
	 */
	static long run(Connection connection, long now, long cutoff, HeldLimits limits) throws SQLException {
		if (!lock(connection, TRY_LOCK)) {
			return -1;
		}
		try {
			long[] expired = deleteCountingLosses(connection, EXPIRED, cutoff);
			long newestGone = expired[1];
			long[] held = held(connection);
			long droppedForTopics = 0;
			if (held[3] > limits.maxMessagesPerTopic()) {
				long[] dropped = deleteCountingLosses(connection, OVER_TOPIC_LIMIT, limits.maxMessagesPerTopic(),
						limits.maxMessagesPerTopic());
				droppedForTopics = dropped[0];
				newestGone = Math.max(newestGone, dropped[1]);
				held = held(connection);
			}
			long droppedForBytes = 0;
			// as on SQLite, a bulletin board: the oldest messages of the topic holding the most bytes make room first
			for (int topics = 0; held[2] > limits.maxHeldBytes() && topics < MAX_TOPICS_DROPPED_FROM; topics++) {
				String fullest = fullest(connection);
				if (fullest == null) {
					break;
				}
				long[] dropped = deleteCountingLosses(connection, OLDEST_OF_FULLEST, fullest, fullest,
						held[2] - limits.maxHeldBytes(), fullest);
				if (dropped[0] == 0) {
					break;
				}
				droppedForBytes += dropped[0];
				newestGone = Math.max(newestGone, dropped[1]);
				held = held(connection);
			}
			if (newestGone > 0) {
				update(connection, ORPHANED_ROWS, newestGone);
			}
			// every group, for what a delete's own move missed (its statement failed, or expiry took the first message)
			PostgresGroups.advanceAll(connection);
			update(connection, FORGET_IDLE, cutoff);
			update(connection, STORE_STATS, held[0], held[1], held[2], expired[0], droppedForTopics, droppedForBytes);
			return expired[0];
		}
		finally {
			lock(connection, UNLOCK);
		}
	}

	/**
	 * Return what the store holds as the node that ran the last pass counted it, and how many groups there are.
	 */
	static Counts counts(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(READ_STATS);
				ResultSet row = statement.executeQuery()) {
			row.next();
			return new Counts(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5),
					row.getLong(6), row.getLong(7));
		}
	}

	/**
	 * What the store holds and what left it, in all.
	 */
	record Counts(long topics, long messages, long bytes, long expired, long droppedForTopicLimit,
			long droppedForByteLimit, long groups) {

		static final Counts NONE = new Counts(0, 0, 0, 0, 0, 0, 0);

	}

	private static boolean lock(Connection connection, String sql) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setLong(1, LOCK);
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return row.getBoolean(1);
			}
		}
	}

	private static long[] deleteCountingLosses(Connection connection, String selection, Object... parameters)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(DELETE_COUNTING_LOSSES.formatted(selection))) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setObject(i + 1, parameters[i]);
			}
			try (ResultSet row = statement.executeQuery()) {
				row.next();
				return new long[] { row.getLong(1), row.getLong(2) };
			}
		}
	}

	private static @Nullable String fullest(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(FULLEST);
				ResultSet row = statement.executeQuery()) {
			return row.next() ? row.getString(1) : null;
		}
	}

	/**
	 * Return how many topics hold messages, how many messages and bytes they hold, and the most one topic holds.
	 */
	private static long[] held(Connection connection) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(HELD); ResultSet row = statement.executeQuery()) {
			row.next();
			return new long[] { row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4) };
		}
	}

	private static void update(Connection connection, String sql, long... parameters) throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				statement.setLong(i + 1, parameters[i]);
			}
			statement.executeUpdate();
		}
	}

}
