package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;

/**
 * The SQL of work-queue groups: their rows, and their rows of messages (claims, and deletes out of order) beside the
 * messages. Each change is one statement or one transaction, which the caller accounts for in memory once it has
 * committed, as with {@link MessageStore}; the group keeps a copy of its rows of messages ({@link Group#rows}), so
 * that the only statements that read are those that read messages.
 * <p>
 * The tables are read back only when a server opens the store, so they are written only where the store outlives the
 * process ({@code dsmq.store.path}): an in-memory store keeps its groups in memory alone, as it would lose them with
 * the process either way, and a group's get, delete or pop then changes no table.
 * <p>
 * Not thread-safe: the {@link QueueService} calls it with its lock held.
 */
final class GroupStore {

	/**
	 * The messages of a topic after a position, oldest first, with when groups may first claim them: a walk reads on
	 * until it comes to one the group may claim, so it passes only the messages in flight and those still delayed.
	 */
	static final String AFTER = "SELECT seq, not_before, created_at, body, headers FROM message "
			+ "WHERE topic = ? AND seq > ? ORDER BY seq";

	/** When the next delay of a topic's messages after a position ends, after now. */
	static final String NEXT_DELAY_END = "SELECT min(not_before) FROM message WHERE topic = ? "
			+ "AND not_before > ? AND seq > ?";

	/** The messages of a topic after a position put with a delay that has not ended. */
	static final String DELAYED = "SELECT seq FROM message WHERE topic = ? AND not_before > ? AND seq > ?";

	private static final String INSERT_ROW = "INSERT INTO group_message (grp, seq, available_at, first_retrieved, "
			+ "retrievals, state) VALUES (?, ?, ?, ?, ?, ?)";

	static final String UPDATE_ROW = "UPDATE group_message SET available_at = ?, retrievals = ?, state = ? "
			+ "WHERE grp = ? AND seq = ?";

	private static final String DONE_THROUGH = "UPDATE consumer_group SET done_through = ? WHERE id = ?";

	static final String DELETE_ROWS_THROUGH = "DELETE FROM group_message WHERE grp = ? AND seq <= ?";

	static final String TOPIC_OF = "SELECT topic FROM message WHERE seq = ?";

	static final String MESSAGE = "SELECT created_at, body, headers FROM message WHERE seq = ?";

	static final String FIRST_AFTER = "SELECT seq FROM message WHERE topic = ? AND seq > ? ORDER BY seq "
			+ "LIMIT 1";

	/** The sequence numbers of a topic's messages after a position, oldest first, from the index alone. */
	static final String SEQUENCES_AFTER = "SELECT seq FROM message WHERE topic = ? AND seq > ? ORDER BY seq";

	/** The messages of a topic from a position up to a bound. */
	static final String COUNT_BETWEEN = "SELECT count(*) FROM message WHERE topic = ? AND seq > ? AND seq < ?";

	private final StoreConnection connection;

	private final Groups groups;

	private final RecentMessages recent;

	/** The id of the last group created in an in-memory store, which numbers them itself. */
	private long lastId;

	GroupStore(StoreConnection connection, Groups groups, RecentMessages recent) {
		this.recent = recent;
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
		long doneThrough = (topic == null) ? lastSequence : this.connection.read((Connection connection) -> firstLong(
				connection, FIRST_AFTER, lastSequence + 1, topic.id(), 0) - 1);
		long id = this.connection.isDurable() ? insertGroup(topicName, name, doneThrough, now) : ++this.lastId;
		long pending = (topic != null) ? topic.messages() : 0;
		return new Group(id, topicName, name, doneThrough, pending, now, this.groups.tallyFor(topicName, name));
	}

	/**
	 * Insert the row of a new group.
	 * @return the id the store numbered it with
	 */
	private long insertGroup(String topicName, String name, long doneThrough, long now) {
		return this.connection.inOneStatement(StoreConnection.Change.GROUP, (connection) -> {
			try (PreparedStatement insert = connection.prepareStatement("INSERT INTO consumer_group (topic, name, "
					+ "done_through, used_at) VALUES (?, ?, ?, ?) RETURNING id")) {
				insert.setString(1, topicName);
				insert.setString(2, name);
				insert.setLong(3, doneThrough);
				insert.setLong(4, now);
				try (ResultSet row = insert.executeQuery()) {
					row.next();
					return row.getLong(1);
				}
			}
		});
	}

	/**
	 * Load the groups of a store and their rows of messages, in the caller's transaction: first deleting the rows of
	 * messages that are gone, of groups that are gone, and of messages a group is done with, which a server stopped
	 * in the middle of a change may leave.
	 * @param holdings the topics held, filled already
	 * @return the groups, and how many rows of messages each topic's groups hold
	 */
	Loaded load(Connection connection, Holdings holdings) throws SQLException {
		update(connection, "DELETE FROM group_message WHERE NOT EXISTS (SELECT 1 FROM message "
				+ "WHERE message.seq = group_message.seq) OR NOT EXISTS (SELECT 1 FROM consumer_group c "
				+ "WHERE c.id = group_message.grp AND c.done_through < group_message.seq)");
		Map<Long, Group> loaded = new LinkedHashMap<>();
		try (PreparedStatement select = connection
			.prepareStatement("SELECT id, topic, name, done_through, used_at FROM consumer_group ORDER BY id");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				Group group = new Group(row.getLong(1), row.getString(2), row.getString(3), row.getLong(4), 0,
						row.getLong(5), this.groups.tallyFor(row.getString(2), row.getString(3)));
				loaded.put(group.id(), group);
			}
		}
		try (PreparedStatement select = connection.prepareStatement("SELECT grp, seq, state, available_at, "
				+ "first_retrieved, retrievals FROM group_message ORDER BY grp, seq");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				loaded.get(row.getLong(1))
					.rows()
					.add(new GroupRows.Row(row.getLong(2), row.getInt(3), row.getLong(4), row.getLong(5),
							row.getInt(6)));
			}
		}
		Map<Topic, Long> rows = new LinkedHashMap<>();
		for (Group group : loaded.values()) {
			Topic topic = holdings.find(group.topic());
			if (topic != null) {
				group.put(notDeletedBefore(connection, group, topic, Long.MAX_VALUE));
				rows.merge(topic, (long) group.rows().countBefore(Long.MAX_VALUE), Long::sum);
			}
		}
		return new Loaded(List.copyOf(loaded.values()), rows.entrySet()
			.stream()
			.map((entry) -> new TopicRows(entry.getKey(), entry.getValue()))
			.toList());
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
	 * Return the oldest message after the position that the group may claim now, with its body if asked for: past
	 * its delay, and without a row or with one that is neither deleted nor claimed until later. The available rows
	 * come from memory; the walk of the topic's messages that looks for one without a row starts after those that all
	 * have one, so it passes only the messages deleted out of order or claimed past a delayed one, and those delayed.
	 */
	@Nullable Candidate candidate(Group group, Topic topic, long after, long now, boolean withBody) {
		GroupRows rows = group.rows();
		Long available = rows.firstAvailableAfter(after, now);
		long covered = rows.coveredThrough(group.doneThrough());
		if (available != null && available <= covered) {
			return candidate(rows, topic, available, withBody);
		}
		long from = Math.max(after, covered);
		boolean covering = from == covered;
		boolean first = from == group.doneThrough();
		TopicTail tail = topic.tail();
		Candidate found = null;
		boolean walked = false;
		if (tail != null && tail.covers(from)) {
			found = walk(new TailWalk(tail, from, true), rows, topic, available, now, withBody, covering, first);
			walked = true;
		}
		else {
			// further back, a run read ahead serves the walks of a backlog; one that runs out is walked again in SQL
			TopicTail window = this.recent.window(topic, from);
			if (window != null) {
				TailWalk walk = new TailWalk(window, from, false);
				found = walk(walk, rows, topic, available, now, withBody, covering, first);
				walked = found != null || !walk.ranOut();
			}
		}
		if (!walked) {
			found = this.connection.read((Connection connection) -> {
				PreparedStatement select = this.connection.statement(connection, AFTER);
				select.setLong(1, topic.id());
				select.setLong(2, from);
				try (ResultSet row = select.executeQuery()) {
					return walk(new RowWalk(row), rows, topic, available, now, withBody, covering, first);
				}
			});
		}
		return (found == null && available != null) ? candidate(rows, topic, available, withBody) : found;
	}

	/**
	 * Walk a topic's messages for the oldest one without a row that the group may claim now, before the oldest
	 * available row, if there is one.
	 * @param covering whether the walk starts where every message before it that the group is not done with has a
	 * row
	 * @param first whether it starts where the group is done up to
	 */
	private static <E extends Exception> @Nullable Candidate walk(Walk<E> walk, GroupRows rows, Topic topic,
			@Nullable Long available, long now, boolean withBody, boolean covering, boolean first) throws E {
		while (walk.next()) {
			long sequence = walk.sequence();
			if (available != null && sequence >= available) {
				return null;
			}
			if (rows.get(sequence) != null) {
				if (covering) {
					rows.cover(sequence);
				}
			}
			else if (walk.notBefore() > now) {
				covering = false;
			}
			else if (!withBody) {
				return new Candidate(sequence, null, 0, null, 0, 0, null, covering, -1);
			}
			else {
				byte[] body = walk.body();
				long createdAt = walk.createdAt();
				byte[] headers = walk.headers();
				return new Candidate(sequence, body, createdAt, null, 0, 0, headers, covering,
						first ? doneThroughAfter(rows, walk, topic) : -1);
			}
			first = false;
		}
		return null;
	}

	/**
	 * Return where the group is done up to once it is done with the message the walk is at, the oldest it has left:
	 * before the next message, if the group has not deleted that one, or through the topic's newest. Moves the walk
	 * on.
	 * @return -1 if the next message was deleted, so that the walk would have to go on
	 */
	private static <E extends Exception> long doneThroughAfter(GroupRows rows, Walk<E> walk, Topic topic) throws E {
		if (!walk.next()) {
			return walk.reachesNewest() ? topic.newest() : -1;
		}
		GroupRows.Row next = rows.get(walk.sequence());
		return (next == null || !next.isDeleted()) ? walk.sequence() - 1 : -1;
	}

	/**
	 * The messages of a topic after a position, oldest first, with what a walk for a group reads of each: rows of the
	 * store, or the topic's newest messages in memory.
	 * @param <E> what reading the next one may throw
	 */
	private interface Walk<E extends Exception> {

		boolean next() throws E;

		long sequence() throws E;

		/** When groups may first claim the message, 0 if at once. */
		long notBefore() throws E;

		long createdAt() throws E;

		byte[] body() throws E;

		byte @Nullable [] headers() throws E;

		/**
		 * Whether the walk goes on to the topic's newest message, so that running out means there is no other.
		 */
		default boolean reachesNewest() {
			return true;
		}

	}

	/**
	 * A walk of the rows {@link #AFTER} selects, or of the sequence numbers alone that {@link #SEQUENCES_AFTER}
	 * selects.
	 */
	private record RowWalk(ResultSet row) implements Walk<SQLException> {

		@Override
		public boolean next() throws SQLException {
			return this.row.next();
		}

		@Override
		public long sequence() throws SQLException {
			return this.row.getLong(1);
		}

		@Override
		public long notBefore() throws SQLException {
			return this.row.getLong(2);
		}

		@Override
		public long createdAt() throws SQLException {
			return this.row.getLong(3);
		}

		@Override
		public byte[] body() throws SQLException {
			return this.row.getBytes(4);
		}

		@Override
		public byte @Nullable [] headers() throws SQLException {
			return this.row.getBytes(5);
		}

	}

	/**
	 * A walk of a topic's messages in memory: its newest ones, or a run of them read ahead.
	 */
	private static final class TailWalk implements Walk<RuntimeException> {

		private final TopicTail tail;

		private final boolean reachesNewest;

		private int index;

		private RecentMessages.@Nullable Entry entry;

		private boolean ranOut;

		TailWalk(TopicTail tail, long after, boolean reachesNewest) {
			this.tail = tail;
			this.reachesNewest = reachesNewest;
			this.index = tail.indexAfter(after);
		}

		@Override
		public boolean next() {
			this.entry = (this.index < this.tail.size()) ? this.tail.get(this.index++) : null;
			this.ranOut = this.entry == null;
			return !this.ranOut;
		}

		@Override
		public boolean reachesNewest() {
			return this.reachesNewest;
		}

		/**
		 * Whether the walk came to the end of the messages in memory.
		 */
		boolean ranOut() {
			return this.ranOut;
		}

		@Override
		public long sequence() {
			return entry().sequence();
		}

		@Override
		public long notBefore() {
			return entry().notBefore();
		}

		@Override
		public long createdAt() {
			return entry().createdAt();
		}

		@Override
		public byte[] body() {
			return entry().body();
		}

		@Override
		public byte @Nullable [] headers() {
			return entry().headers();
		}

		private RecentMessages.Entry entry() {
			RecentMessages.Entry current = this.entry;
			if (current == null) {
				throw new IllegalStateException("the walk is past the newest message");
			}
			return current;
		}

	}

	private Candidate candidate(GroupRows rows, Topic topic, long sequence, boolean withBody) {
		GroupRows.Row row = rows.get(sequence);
		if (row == null) {
			throw new IllegalStateException("no row of message " + sequence + " among the available");
		}
		if (!withBody) {
			return new Candidate(sequence, null, 0, row, row.firstRetrieved(), row.retrievals(), null, false, -1);
		}
		RecentMessages.Entry recent = recent(topic, sequence);
		if (recent != null) {
			return new Candidate(sequence, recent.body(), recent.createdAt(), row, row.firstRetrieved(),
					row.retrievals(), recent.headers(), false, -1);
		}
		return this.connection.read((Connection connection) -> {
			PreparedStatement select = this.connection.statement(connection, MESSAGE);
			select.setLong(1, sequence);
			try (ResultSet message = select.executeQuery()) {
				if (!message.next()) {
					throw new IllegalStateException("a row of message " + sequence + ", which the store lacks");
				}
				return new Candidate(sequence, message.getBytes(2), message.getLong(1), row, row.firstRetrieved(),
						row.retrievals(), message.getBytes(3), false, -1);
			}
		});
	}

	/**
	 * Return the topic's message of the given sequence number from its newest messages in memory, if they hold every
	 * message from there on and it is one of them.
	 */
	private static RecentMessages.@Nullable Entry recent(Topic topic, long sequence) {
		TopicTail tail = topic.tail();
		return (tail != null && tail.covers(sequence - 1)) ? tail.find(sequence) : null;
	}

	/**
	 * A message a group may claim, and what the group had done with it when it was found.
	 * @param sequence its sequence number
	 * @param body its body, if it was asked for
	 * @param createdAt when it was put, in milliseconds since the epoch, if the body was asked for
	 * @param row the group's row of it, or null if the group never claimed it
	 * @param firstRetrieved when the group first claimed it, 0 if it never did
	 * @param retrievals how often the group had claimed it
	 * @param headers the put's headers as one encoded JSON object, if it had any and the body was asked for
	 * @param covers whether every message before it that the group is not done with has a row, so that once it has
	 * one too, walks may start after it
	 * @param doneThroughOnceDone where the group will be done up to once it is done with the message, if the walk
	 * that found it could tell (it is the oldest the group has left), else -1
	 */
	record Candidate(long sequence, byte @Nullable [] body, long createdAt, GroupRows.@Nullable Row row,
			long firstRetrieved, int retrievals, byte @Nullable [] headers, boolean covers, long doneThroughOnceDone) {
	}

	/**
	 * Return when a claim of the group runs out or a delay of one of its messages ends next, after now, in
	 * milliseconds since the epoch; 0 if none will.
	 */
	long nextAvailable(Group group, Topic topic, long now) {
		long next = group.rows().nextAvailableAt(now);
		long delayEnds = this.connection.read((Connection connection) -> firstLong(connection, NEXT_DELAY_END, 0,
				topic.id(), now, group.doneThrough()));
		if (delayEnds > now && (next == 0 || delayEnds < next)) {
			next = delayEnds;
		}
		return next;
	}

	/**
	 * Claim a message for the group until the given time.
	 * @return whether the group has one more row of messages
	 */
	boolean claim(Group group, Candidate candidate, long now, long until) {
		GroupRows.Row row = candidate.row();
		change((connection) -> {
			if (row != null) {
				return updateRow(connection, group, candidate.sequence(), until, candidate.retrievals() + 1,
						GroupRows.Row.CLAIMED);
			}
			return insertRow(connection, group, candidate.sequence(), until, now, 1, GroupRows.Row.CLAIMED);
		});
		if (row != null) {
			group.rows().claim(row, until);
			return false;
		}
		group.rows().add(new GroupRows.Row(candidate.sequence(), GroupRows.Row.CLAIMED, until, now, 1));
		if (candidate.covers()) {
			group.rows().cover(candidate.sequence());
		}
		return true;
	}

	/**
	 * Mark a message of the topic done for the group, and move where the group is done up to past it and the
	 * messages deleted after it, if it is the oldest the group had left. Nothing changes for a message the store no
	 * longer holds or the group has deleted already.
	 * @return how many rows of messages the group has more, or fewer if negative
	 */
	long done(Group group, Topic topic, long sequence) {
		return done(group, topic, sequence, -1);
	}

	/**
	 * Mark a message done for the group, as {@link #done(Group, Topic, long)}, knowing where the group is done up to
	 * once it is done with the message, if that is known (-1 if not).
	 */
	long done(Group group, Topic topic, long sequence, long doneThroughOnceDone) {
		GroupRows rows = group.rows();
		GroupRows.Row row = rows.get(sequence);
		if (row != null && row.isDeleted()) {
			return 0;
		}
		long doneThrough = (doneThroughOnceDone >= 0) ? doneThroughOnceDone
				: doneThroughOnceDone(group, topic, sequence);
		if (doneThrough >= 0) {
			int passed = rows.countBefore(doneThrough + 1);
			// where the group is done up to moves first, and from then on the rows it passes mean nothing (a store
			// opened after a crash in between deletes them), so the two statements need no transaction; should the
			// second fail, they stay counted until the store is opened again
			change((connection) -> update(connection, DONE_THROUGH, doneThrough, group.id()));
			group.done(doneThrough);
			if (passed > 0) {
				change((connection) -> update(connection, DELETE_ROWS_THROUGH, group.id(), doneThrough));
			}
			return -passed;
		}
		// not the oldest: the group keeps a row of it as deleted, if the topic holds it
		if (row != null) {
			change((connection) -> updateRow(connection, group, sequence, row.availableAt(), row.retrievals(),
					GroupRows.Row.DELETED));
			rows.delete(row);
			group.deleted();
			return 0;
		}
		TopicTail tail = topic.tail();
		boolean held = (tail != null && tail.covers(sequence - 1)) ? tail.find(sequence) != null
				: this.connection
					.read((Connection connection) -> firstLong(connection, TOPIC_OF, -1, sequence) == topic.id());
		if (!held) {
			return 0;
		}
		change((connection) -> insertRow(connection, group, sequence, 0, 0, 0, GroupRows.Row.DELETED));
		rows.add(new GroupRows.Row(sequence, GroupRows.Row.DELETED, 0, 0, 0));
		group.deleted();
		return 1;
	}

	/**
	 * Return where the group is done up to once it is done with a message: if it is the oldest the group has left,
	 * before the next message it has not deleted, or through the topic's newest; else -1. The rows in memory tell
	 * without a statement while the messages in flight are claimed in order; a walk of the messages tells otherwise.
	 */
	private long doneThroughOnceDone(Group group, Topic topic, long sequence) {
		GroupRows rows = group.rows();
		long known = rows.doneThroughOnceDone(sequence, group.doneThrough());
		if (known != GroupRows.UNKNOWN) {
			return known;
		}
		TopicTail tail = topic.tail();
		if (tail != null && tail.covers(group.doneThrough())) {
			return doneThroughOnceDone(new TailWalk(tail, group.doneThrough(), true), rows, topic, sequence);
		}
		return this.connection.read((Connection connection) -> {
			PreparedStatement after = this.connection.statement(connection, SEQUENCES_AFTER);
			after.setLong(1, topic.id());
			after.setLong(2, group.doneThrough());
			try (ResultSet message = after.executeQuery()) {
				return doneThroughOnceDone(new RowWalk(message), rows, topic, sequence);
			}
		});
	}

	/**
	 * Return where the group is done up to once it is done with a message, walking the topic's messages from where
	 * it is done up to now, of which only the sequence numbers are read; -1 if the message is not the first.
	 */
	private static <E extends Exception> long doneThroughOnceDone(Walk<E> walk, GroupRows rows, Topic topic,
			long sequence) throws E {
		if (!walk.next() || walk.sequence() != sequence) {
			return -1L;
		}
		while (walk.next()) {
			GroupRows.Row next = rows.get(walk.sequence());
			if (next == null || !next.isDeleted()) {
				return walk.sequence() - 1;
			}
		}
		return topic.newest();
	}

	/**
	 * Give a claim back: the message is available to the group from the given time on.
	 * @return whether the group had claimed the message and not deleted it
	 */
	boolean release(Group group, long sequence, long availableAt) {
		GroupRows.Row row = group.rows().get(sequence);
		if (row == null || row.isDeleted()) {
			return false;
		}
		change((connection) -> updateRow(connection, group, sequence, availableAt, row.retrievals(),
				GroupRows.Row.RELEASED));
		group.rows().release(row, availableAt);
		return true;
	}

	/**
	 * Return what a group's rows of messages hold back from it now: messages claimed, messages not available (claimed,
	 * given back with a delay, or due to be dead-lettered), and messages put with a delay that has not ended.
	 * @param maxRetrievals the retrievals after which a message is dead-lettered, 0 for never
	 */
	Figures figures(Group group, Topic topic, long now, int maxRetrievals) {
		long claimed = group.rows().claimedAt(now);
		long held = group.rows().heldBackAt(now, maxRetrievals);
		long delayed = this.connection.read((Connection connection) -> {
			PreparedStatement select = this.connection.statement(connection, DELAYED);
			select.setLong(1, topic.id());
			select.setLong(2, now);
			select.setLong(3, group.doneThrough());
			long count = 0;
			try (ResultSet row = select.executeQuery()) {
				while (row.next()) {
					if (group.rows().get(row.getLong(1)) == null) {
						count++;
					}
				}
			}
			return count;
		});
		return new Figures(claimed, held, delayed);
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
	 * @return how many rows went, and what each group loses that it had not deleted
	 */
	Departure leaving(Connection connection, Topic topic, long bound) throws SQLException {
		long rows = 0;
		List<Release.GroupLoss> losses = new ArrayList<>(0);
		for (Group group : this.groups.of(topic.name())) {
			if (bound - 1 <= group.doneThrough()) {
				continue;
			}
			long lost = notDeletedBefore(connection, group, topic, bound);
			int before = group.rows().countBefore(bound);
			if (before > 0) {
				if (this.connection.isDurable()) {
					update(connection, "DELETE FROM group_message WHERE grp = ? AND seq < ?", group.id(), bound);
				}
				rows += before;
			}
			if (lost > 0 || before > 0) {
				losses.add(new Release.GroupLoss(group, bound, lost));
			}
		}
		return new Departure(rows, losses);
	}

	/**
	 * What the groups of a topic lose with some of its messages.
	 * @param rows their rows of those messages
	 * @param losses what each group lost
	 */
	record Departure(long rows, List<Release.GroupLoss> losses) {
	}

	/**
	 * Delete a group and its rows.
	 * @return how many rows of messages went with it
	 */
	long forget(Group group) {
		if (!this.connection.isDurable()) {
			return group.rows().countBefore(Long.MAX_VALUE);
		}
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
		if (!this.connection.isDurable()) {
			return;
		}
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

	/**
	 * Make a change of one statement to the tables of groups, if the store outlives the process.
	 */
	private void change(ConnectionCallback<?> work) {
		if (this.connection.isDurable()) {
			this.connection.inOneStatement(StoreConnection.Change.GROUP, work);
		}
	}

	/**
	 * Return how many messages of the topic after where the group is done up to, and before a bound, the group has not
	 * deleted.
	 */
	private long notDeletedBefore(Connection connection, Group group, Topic topic, long bound) throws SQLException {
		long messages = firstLong(connection, COUNT_BETWEEN, 0, topic.id(), group.doneThrough(), bound);
		return messages - group.rows().deletedBefore(bound);
	}

	private int insertRow(Connection connection, Group group, long sequence, long availableAt, long firstRetrieved,
			int retrievals, int state) throws SQLException {
		PreparedStatement insert = this.connection.statement(connection, INSERT_ROW);
		insert.setLong(1, group.id());
		insert.setLong(2, sequence);
		insert.setLong(3, availableAt);
		insert.setLong(4, firstRetrieved);
		insert.setInt(5, retrievals);
		insert.setInt(6, state);
		return insert.executeUpdate();
	}

	private int updateRow(Connection connection, Group group, long sequence, long availableAt, int retrievals,
			int state) throws SQLException {
		PreparedStatement update = this.connection.statement(connection, UPDATE_ROW);
		update.setLong(1, availableAt);
		update.setInt(2, retrievals);
		update.setInt(3, state);
		update.setLong(4, group.id());
		update.setLong(5, sequence);
		return update.executeUpdate();
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

	private int update(Connection connection, String sql, long... values) throws SQLException {
		PreparedStatement update = this.connection.statement(connection, sql);
		for (int i = 0; i < values.length; i++) {
			update.setLong(i + 1, values[i]);
		}
		return update.executeUpdate();
	}

}
