package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The SQL of work-queue groups: their rows, and their rows of messages (claims, and deletes out of order) beside the
 * messages. Each change is one transaction that the caller accounts for in memory once it has committed, as with
 * {@link MessageStore}. Not thread-safe: the {@link QueueService} calls it with its lock held.
 */
final class GroupStore {

	/** The state of a row of a claim (the statements spell the states as the numbers, 0 being given back). */
	private static final int CLAIMED = 1;

	/** The state of a row of a message deleted out of order. */
	private static final int DELETED = 2;

	/**
	 * The oldest message after a position that the group may claim now: past its delay, without a row or with one
	 * that is neither deleted nor claimed until later. It walks the (topic, seq) index from the position, one
	 * primary-key look-up per message passed, so it passes only the messages in flight and those still delayed.
	 */
	private static final String CANDIDATE = "SELECT m.seq, m.body, m.created_at, g.seq, g.first_retrieved, "
			+ "g.retrievals, m.headers FROM message m LEFT JOIN group_message g ON g.grp = ?1 AND g.seq = m.seq "
			+ "WHERE m.topic = ?2 AND m.seq > ?3 AND (m.not_before IS NULL OR m.not_before <= ?4) "
			+ "AND (g.seq IS NULL OR (g.state <> 2 AND g.available_at <= ?4)) ORDER BY m.seq LIMIT 1";

	/** {@link #CANDIDATE} without the body, to tell whether there is one. */
	private static final String HAS_CANDIDATE = "SELECT m.seq, 0, 0, g.seq, g.first_retrieved, g.retrievals, NULL "
			+ "FROM message m LEFT JOIN group_message g ON g.grp = ?1 AND g.seq = m.seq "
			+ "WHERE m.topic = ?2 AND m.seq > ?3 AND (m.not_before IS NULL OR m.not_before <= ?4) "
			+ "AND (g.seq IS NULL OR (g.state <> 2 AND g.available_at <= ?4)) ORDER BY m.seq LIMIT 1";

	/** When the next claim of the group runs out or the next delay of its messages ends, after now. */
	private static final String NEXT_AVAILABLE = "SELECT min(t) FROM (SELECT min(available_at) AS t "
			+ "FROM group_message WHERE grp = ?1 AND state <> 2 AND available_at > ?2 "
			+ "UNION ALL SELECT min(not_before) FROM message WHERE topic = ?3 AND not_before > ?2 AND seq > ?4)";

	private static final String INSERT_ROW = "INSERT INTO group_message (grp, seq, available_at, first_retrieved, "
			+ "retrievals, state) VALUES (?, ?, ?, ?, ?, ?)";

	private static final String CLAIM = "UPDATE group_message SET available_at = ?, retrievals = retrievals + 1, "
			+ "state = 1 WHERE grp = ? AND seq = ?";

	private static final String TOPIC_OF = "SELECT topic FROM message WHERE seq = ?";

	private static final String STATE = "SELECT state FROM group_message WHERE grp = ? AND seq = ?";

	private static final String FIRST_AFTER = "SELECT seq FROM message WHERE topic = ? AND seq > ? ORDER BY seq "
			+ "LIMIT 1";

	/** The first message after a position that the group has not deleted. */
	private static final String FIRST_NOT_DELETED = "SELECT m.seq FROM message m WHERE m.topic = ?1 AND m.seq > ?2 "
			+ "AND NOT EXISTS (SELECT 1 FROM group_message g WHERE g.grp = ?3 AND g.seq = m.seq AND g.state = 2) "
			+ "ORDER BY m.seq LIMIT 1";

	/** The messages of a topic from a position up to a bound that the group has not deleted. */
	private static final String NOT_DELETED_BEFORE = "SELECT count(*) FROM message m WHERE m.topic = ?1 "
			+ "AND m.seq > ?2 AND m.seq < ?3 AND NOT EXISTS (SELECT 1 FROM group_message g WHERE g.grp = ?4 "
			+ "AND g.seq = m.seq AND g.state = 2)";

	private final StoreConnection connection;

	private final Groups groups;

	GroupStore(StoreConnection connection, Groups groups) {
		this.connection = connection;
		this.groups = groups;
	}

	/**
	 * Create a group, starting at the oldest message the topic holds, or after the newest message of all if the
	 * topic holds none.
	 * @param topic the topic as held, or null if it holds no messages
	 * @param lastSequence the sequence number of the newest message stored
	 */
	Group create(String topicName, String name, @Nullable Topic topic, long lastSequence, long now) {
		return this.connection.inTransaction(StoreConnection.Change.GROUP, (connection) -> {
			long doneThrough = lastSequence;
			if (topic != null) {
				PreparedStatement first = this.connection.statement(connection, FIRST_AFTER);
				first.setLong(1, topic.id());
				first.setLong(2, 0);
				try (ResultSet row = first.executeQuery()) {
					if (row.next()) {
						doneThrough = row.getLong(1) - 1;
					}
				}
			}
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consumer_group (topic, name, "
					+ "done_through, used_at) VALUES (?, ?, ?, ?) RETURNING id")) {
				insert.setString(1, topicName);
				insert.setString(2, name);
				insert.setLong(3, doneThrough);
				insert.setLong(4, now);
				try (ResultSet row = insert.executeQuery()) {
					row.next();
					long pending = (topic != null) ? topic.messages() : 0;
					return new Group(row.getLong(1), topicName, name, doneThrough, pending, now,
							this.groups.tallyFor(topicName, name));
				}
			}
		});
	}

	/**
	 * Load the groups of a store, in the caller's transaction: first deleting the rows of messages that are gone and
	 * of groups that are gone, which a server stopped in the middle of a change may leave.
	 * @param holdings the topics held, filled already
	 * @return the groups, and how many rows of messages each topic's groups hold
	 */
	Loaded load(Connection connection, Holdings holdings) throws SQLException {
		update(connection, "DELETE FROM group_message WHERE NOT EXISTS (SELECT 1 FROM message "
				+ "WHERE message.seq = group_message.seq) OR grp NOT IN (SELECT id FROM consumer_group)");
		List<Group> loaded = new ArrayList<>();
		try (PreparedStatement select = connection
			.prepareStatement("SELECT id, topic, name, done_through, used_at FROM consumer_group ORDER BY id");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				String topicName = row.getString(2);
				String name = row.getString(3);
				Topic topic = holdings.find(topicName);
				long doneThrough = row.getLong(4);
				Group group = new Group(row.getLong(1), topicName, name, doneThrough, 0, row.getLong(5),
						this.groups.tallyFor(topicName, name));
				if (topic != null) {
					group.put(notDeletedBefore(connection, group, topic, Long.MAX_VALUE));
				}
				loaded.add(group);
			}
		}
		List<TopicRows> rows = new ArrayList<>();
		try (PreparedStatement select = connection.prepareStatement("SELECT m.topic, count(*) FROM group_message g "
				+ "JOIN message m ON m.seq = g.seq GROUP BY m.topic");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				Topic topic = holdings.withId(row.getLong(1));
				if (topic != null) {
					rows.add(new TopicRows(topic, row.getLong(2)));
				}
			}
		}
		return new Loaded(loaded, rows);
	}

	/**
	 * What a store held of groups.
	 * @param groups the groups
	 * @param rows how many rows of messages the groups of each topic hold
	 */
	record Loaded(List<Group> groups, List<TopicRows> rows) {
	}

	/**
	 * How many rows of messages the groups of one topic hold.
	 */
	record TopicRows(Topic topic, long rows) {
	}

	/**
	 * Return the oldest message after the position that the group may claim now, with its body if asked for.
	 */
	@Nullable Candidate candidate(Group group, Topic topic, long after, long now, boolean withBody) {
		return this.connection.read((Connection connection) -> {
			PreparedStatement select = this.connection.statement(connection, withBody ? CANDIDATE : HAS_CANDIDATE);
			select.setLong(1, group.id());
			select.setLong(2, topic.id());
			select.setLong(3, after);
			select.setLong(4, now);
			try (ResultSet row = select.executeQuery()) {
				if (!row.next()) {
					return null;
				}
				row.getLong(4);
				boolean hasRow = !row.wasNull();
				return new Candidate(row.getLong(1), withBody ? row.getBytes(2) : null, row.getLong(3), hasRow,
						row.getLong(5), row.getInt(6), row.getBytes(7));
			}
		});
	}

	/**
	 * A message a group may claim, and what the group did with it so far.
	 * @param sequence its sequence number
	 * @param body its body, if it was asked for
	 * @param createdAt when it was put, in milliseconds since the epoch
	 * @param hasRow whether the group has a row of it: it has claimed it before
	 * @param firstRetrieved when the group first claimed it, 0 if it never did
	 * @param retrievals how often the group has claimed it
	 * @param headers the put's headers as one encoded JSON object, if it had any and the body was asked for
	 */
	record Candidate(long sequence, byte @Nullable [] body, long createdAt, boolean hasRow, long firstRetrieved,
			int retrievals, byte @Nullable [] headers) {
	}

	/**
	 * Return when a claim of the group runs out or a delay of one of its messages ends next, after now, in
	 * milliseconds since the epoch; 0 if none will.
	 */
	long nextAvailable(Group group, Topic topic, long now) {
		return this.connection.read((Connection connection) -> {
			PreparedStatement select = this.connection.statement(connection, NEXT_AVAILABLE);
			select.setLong(1, group.id());
			select.setLong(2, now);
			select.setLong(3, topic.id());
			select.setLong(4, group.doneThrough());
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? row.getLong(1) : 0;
			}
		});
	}

	/**
	 * Claim a message for the group until the given time.
	 */
	void claim(Group group, Candidate candidate, long now, long until) {
		this.connection.inTransaction(StoreConnection.Change.GROUP, (connection) -> {
			if (candidate.hasRow()) {
				PreparedStatement claim = this.connection.statement(connection, CLAIM);
				claim.setLong(1, until);
				claim.setLong(2, group.id());
				claim.setLong(3, candidate.sequence());
				claim.executeUpdate();
			}
			else {
				insertRow(connection, group, candidate.sequence(), until, now, 1, CLAIMED);
			}
			return null;
		});
	}

	/**
	 * Mark a message of the topic done for the group, and move where the group is done up to past it and the
	 * messages deleted after it, if it is the oldest the group had left. Nothing changes for a message the store no
	 * longer holds or the group has deleted already.
	 * @return where the group is done up to now, and how many rows of messages it has more (or fewer), or null if
	 * nothing changed
	 */
	@Nullable Done done(Group group, Topic topic, long sequence) {
		return this.connection.inTransaction(StoreConnection.Change.GROUP, (connection) -> {
			if (firstLong(connection, TOPIC_OF, -1, sequence) != topic.id()) {
				return null;
			}
			long state = firstLong(connection, STATE, -1, group.id(), sequence);
			if (state == DELETED) {
				return null;
			}
			if (firstLong(connection, FIRST_AFTER, -1, topic.id(), group.doneThrough()) != sequence) {
				if (state < 0) {
					insertRow(connection, group, sequence, 0, 0, 0, DELETED);
					return new Done(group.doneThrough(), 1);
				}
				update(connection, "UPDATE group_message SET state = 2 WHERE grp = ? AND seq = ?", group.id(),
						sequence);
				return new Done(group.doneThrough(), 0);
			}
			PreparedStatement next = this.connection.statement(connection, FIRST_NOT_DELETED);
			next.setLong(1, topic.id());
			next.setLong(2, sequence);
			next.setLong(3, group.id());
			long doneThrough = topic.newest();
			try (ResultSet row = next.executeQuery()) {
				if (row.next()) {
					doneThrough = row.getLong(1) - 1;
				}
			}
			int removed = update(connection, "DELETE FROM group_message WHERE grp = ? AND seq <= ?", group.id(),
					doneThrough);
			update(connection, "UPDATE consumer_group SET done_through = ? WHERE id = ?", doneThrough, group.id());
			return new Done(doneThrough, -removed);
		});
	}

	/**
	 * What marking a message done changed.
	 * @param doneThrough where the group is done up to
	 * @param rows how many rows of messages the group has more, or fewer if negative
	 */
	record Done(long doneThrough, long rows) {
	}

	/**
	 * Give a claim back: the message is available to the group from the given time on.
	 * @return whether the group had claimed the message and not deleted it
	 */
	boolean release(Group group, long sequence, long availableAt) {
		return this.connection.inTransaction(StoreConnection.Change.GROUP,
				(connection) -> update(connection, "UPDATE group_message SET state = 0, available_at = ? "
						+ "WHERE grp = ? AND seq = ? AND state <> 2", availableAt, group.id(), sequence) > 0);
	}

	/**
	 * Return what a group's rows of messages hold back from it now: messages claimed, messages not available (claimed,
	 * given back with a delay, or due to be dead-lettered), and messages put with a delay that has not ended.
	 * @param maxRetrievals the retrievals after which a message is dead-lettered, 0 for never
	 */
	Figures figures(Group group, Topic topic, long now, int maxRetrievals) {
		return this.connection.read((Connection connection) -> {
			long claimed;
			long held;
			try (PreparedStatement rows = connection.prepareStatement("SELECT coalesce(sum(state = 1 "
					+ "AND available_at > ?1), 0), coalesce(sum(available_at > ?1 OR (?2 > 0 AND retrievals >= ?2)), "
					+ "0) FROM group_message WHERE grp = ?3 AND state <> 2")) {
				rows.setLong(1, now);
				rows.setInt(2, maxRetrievals);
				rows.setLong(3, group.id());
				try (ResultSet row = rows.executeQuery()) {
					row.next();
					claimed = row.getLong(1);
					held = row.getLong(2);
				}
			}
			long delayed = firstLong(connection, "SELECT count(*) FROM message m WHERE m.topic = ? "
					+ "AND m.not_before > ? AND m.seq > ? AND NOT EXISTS (SELECT 1 FROM group_message g "
					+ "WHERE g.grp = ? AND g.seq = m.seq)", 0, topic.id(), now, group.doneThrough(), group.id());
			return new Figures(claimed, held, delayed);
		});
	}

	/**
	 * What holds a group's messages back.
	 * @param claimed messages claimed and not run out
	 * @param held messages with a row that are not available now, the claimed among them
	 * @param delayed messages without a row put with a delay that has not ended
	 */
	record Figures(long claimed, long held, long delayed) {
	}

	/**
	 * Delete the groups' rows of a topic's messages before a bound, in the caller's transaction, which deletes those
	 * messages: they expired or were dropped for a limit.
	 * @return how many rows went, and how many messages each group loses that it had not deleted
	 */
	Departure leaving(Connection connection, Topic topic, long bound) throws SQLException {
		long rows = 0;
		List<Release.GroupLoss> losses = new ArrayList<>(0);
		for (Group group : this.groups.of(topic.name())) {
			if (bound - 1 <= group.doneThrough()) {
				continue;
			}
			long lost = notDeletedBefore(connection, group, topic, bound);
			if (lost > 0) {
				losses.add(new Release.GroupLoss(group, lost));
			}
			rows += update(connection, "DELETE FROM group_message WHERE grp = ? AND seq < ?", group.id(), bound);
		}
		return new Departure(rows, losses);
	}

	/**
	 * What the groups of a topic lose with some of its messages.
	 * @param rows their rows of those messages
	 * @param losses the messages each group had not deleted
	 */
	record Departure(long rows, List<Release.GroupLoss> losses) {
	}

	/**
	 * Delete a group and its rows.
	 * @return how many rows of messages went with it
	 */
	long forget(Group group) {
		return this.connection.inTransaction(StoreConnection.Change.GROUP, (connection) -> {
			long rows = update(connection, "DELETE FROM group_message WHERE grp = ?", group.id());
			update(connection, "DELETE FROM consumer_group WHERE id = ?", group.id());
			return rows;
		});
	}

	/**
	 * Store when each group was last used.
	 * @param usedAt the time of each, in the order of the groups
	 */
	void storeUse(List<Group> groups, long[] usedAt) {
		this.connection.inTransaction(StoreConnection.Change.GROUP, (connection) -> {
			try (PreparedStatement update = connection
				.prepareStatement("UPDATE consumer_group SET used_at = ? WHERE id = ?")) {
				for (int i = 0; i < usedAt.length; i++) {
					update.setLong(1, usedAt[i]);
					update.setLong(2, groups.get(i).id());
					update.executeUpdate();
				}
			}
			return null;
		});
	}

	private long notDeletedBefore(Connection connection, Group group, Topic topic, long bound) throws SQLException {
		PreparedStatement count = this.connection.statement(connection, NOT_DELETED_BEFORE);
		count.setLong(1, topic.id());
		count.setLong(2, group.doneThrough());
		count.setLong(3, bound);
		count.setLong(4, group.id());
		try (ResultSet row = count.executeQuery()) {
			row.next();
			return row.getLong(1);
		}
	}

	private void insertRow(Connection connection, Group group, long sequence, long availableAt, long firstRetrieved,
			int retrievals, int state) throws SQLException {
		PreparedStatement insert = this.connection.statement(connection, INSERT_ROW);
		insert.setLong(1, group.id());
		insert.setLong(2, sequence);
		insert.setLong(3, availableAt);
		insert.setLong(4, firstRetrieved);
		insert.setInt(5, retrievals);
		insert.setInt(6, state);
		insert.executeUpdate();
	}

	private long firstLong(Connection connection, String sql, long otherwise, long... values) throws SQLException {
		PreparedStatement select = this.connection.statement(connection, sql);
		for (int i = 0; i < values.length; i++) {
			select.setLong(i + 1, values[i]);
		}
		try (ResultSet row = select.executeQuery()) {
			return row.next() ? row.getLong(1) : otherwise;
		}
	}

	private static int update(Connection connection, String sql, long... values) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				update.setLong(i + 1, values[i]);
			}
			return update.executeUpdate();
		}
	}

}
