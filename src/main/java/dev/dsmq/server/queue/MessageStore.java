package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * The SQL of messages and topics. Every change is one transaction on the {@link StoreConnection} that the caller
 * accounts for in the {@link Holdings} once it has committed, so that the rows and what the holdings count never
 * part. Not thread-safe: the {@link QueueService} calls it with its lock held.
 */
final class MessageStore {

	private static final Log logger = LogFactory.getLog(MessageStore.class);

	/**
	 * Rows one insert carries at most. Through the driver a statement costs more than the row it adds: on SQLite in
	 * memory, 16-byte bodies, one row a statement inserts 230,000 rows a second, 16 rows a statement 810,000, 64 rows
	 * 950,000, and 256 rows 880,000.
	 */
	static final int ROWS_PER_INSERT = 64;

	/**
	 * The insert of {@code 2^k} rows at {@code [carries][k]}, by what the messages carry besides their bodies: headers
	 * (1), a delay (2). Rows that carry neither bind four columns, not six with two nulls, which cost pipelined puts a
	 * few per cent of the server's CPU; such a row holds NULLs there, a byte each.
	 */
	private static final String[][] INSERTS = new String[4][Integer.numberOfTrailingZeros(ROWS_PER_INSERT) + 1];

	static {
		for (int carries = 0; carries < INSERTS.length; carries++) {
			String columns = "seq, topic, body, created_at" + (((carries & 1) != 0) ? ", headers" : "")
					+ (((carries & 2) != 0) ? ", not_before" : "");
			String row = "(?, ?, ?, ?" + ", ?".repeat(Integer.bitCount(carries)) + ")";
			for (int k = 0; k < INSERTS[carries].length; k++) {
				INSERTS[carries][k] = "INSERT INTO message (" + columns + ") VALUES "
						+ String.join(", ", Collections.nCopies(1 << k, row));
			}
		}
	}

	/**
	 * What a message holds, as the held bytes count it: its body and its headers. SQLite finds the length of a blob
	 * in the row's header, without reading the blob.
	 */
	static final String LENGTH = "(length(body) + ifnull(length(headers), 0))";

	/** The database numbers a new topic; a row of that name left from before is adopted instead of failing. */
	private static final String CREATE_TOPIC = "INSERT INTO topic (name) VALUES (?) ON CONFLICT (name) DO NOTHING "
			+ "RETURNING id";

	static final String NEXT = "SELECT seq, body FROM message WHERE topic = ? AND seq > ? ORDER BY seq LIMIT 1";

	static final String LATEST = "SELECT seq, body FROM message WHERE topic = ? AND seq > ? "
			+ "ORDER BY seq DESC LIMIT 1";

	/** As {@link #NEXT}, with the metadata: a statement of its own, so that a plain read selects no more. */
	static final String NEXT_WITH_METADATA = "SELECT seq, body, created_at, headers FROM message "
			+ "WHERE topic = ? AND seq > ? ORDER BY seq LIMIT 1";

	static final String LATEST_WITH_METADATA = "SELECT seq, body, created_at, headers FROM message "
			+ "WHERE topic = ? AND seq > ? ORDER BY seq DESC LIMIT 1";

	static final String OLDEST = "SELECT seq, " + LENGTH + " FROM message WHERE topic = ? ORDER BY seq";

	/** A run of a topic's messages after a position, with all a read or a group's walk needs of them. */
	static final String RUN = "SELECT seq, not_before, created_at, body, headers FROM message "
			+ "WHERE topic = ? AND seq > ? ORDER BY seq LIMIT ?";

	private static final String NEWEST = "SELECT max(seq) FROM message";

	/** The first message put after a time; sequence order is put order, so it walks only the rows put before. */
	static final String FIRST_PUT_AFTER = "SELECT seq FROM message WHERE created_at > ? ORDER BY seq LIMIT 1";

	/**
	 * What each topic holds before a bound. {@code +topic} keeps SQLite from grouping by walking the (topic, seq)
	 * index, which passes every message held; grouping in a temporary tree, it reads only the range before the bound.
	 */
	static final String HELD_BEFORE = "SELECT topic, count(*), sum" + LENGTH + " FROM message WHERE seq < ? "
			+ "GROUP BY +topic";

	/**
	 * When the oldest message of each topic of a JSON array of ids was put, in the array's order: one step down the
	 * (topic, seq) index per topic, in one statement.
	 */
	static final String OLDEST_CREATED = "SELECT (SELECT created_at FROM message WHERE topic = ids.value "
			+ "ORDER BY seq LIMIT 1) FROM json_each(?) ids ORDER BY ids.key";

	private final StoreConnection connection;

	private final Holdings holdings;

	private final Groups groups;

	private final GroupStore groupStore;

	MessageStore(StoreConnection connection, Holdings holdings, Groups groups, GroupStore groupStore) {
		this.connection = connection;
		this.holdings = holdings;
		this.groups = groups;
		this.groupStore = groupStore;
	}

	/**
	 * Return the sequence number of the newest message held, or 0: one step down the table (seq is its rowid).
	 */
	long newestSequence() {
		return this.connection.read((Connection connection) -> {
			try (ResultSet row = this.connection.statement(connection, NEWEST).executeQuery()) {
				return row.next() ? row.getLong(1) : 0;
			}
		});
	}

	/**
	 * Insert messages in one transaction, numbered from the given sequence number on, creating the topics that are
	 * not held yet.
	 * @return the topic of each message, and the topics created, for the caller to hold
	 */
	Inserted insert(List<NewMessage> messages, long firstSequence, long createdAt) {
		return this.connection.inTransaction(StoreConnection.Change.PUT, (connection) -> {
			Topic[] topicOf = new Topic[messages.size()];
			Map<String, Topic> created = new LinkedHashMap<>(0);
			for (int i = 0; i < topicOf.length; i++) {
				String name = messages.get(i).topic();
				Topic topic = this.holdings.find(name);
				if (topic == null) {
					topic = created.get(name);
				}
				if (topic == null) {
					topic = createTopic(connection, name);
					created.put(name, topic);
				}
				topicOf[i] = topic;
			}
			// a run of messages that carry the same columns goes in by as few statements as its length in binary
			for (int i = 0; i < topicOf.length;) {
				int carries = carries(messages.get(i));
				int end = i + 1;
				while (end < topicOf.length && end - i < ROWS_PER_INSERT && carries(messages.get(end)) == carries) {
					end++;
				}
				while (i < end) {
					int k = 31 - Integer.numberOfLeadingZeros(end - i);
					PreparedStatement insert = this.connection.statement(connection, INSERTS[carries][k]);
					int column = 1;
					for (int last = i + (1 << k); i < last; i++) {
						column = bind(insert, column, messages.get(i), firstSequence + i, topicOf[i], createdAt);
					}
					insert.executeUpdate();
				}
			}
			return new Inserted(topicOf, List.copyOf(created.values()));
		});
	}

	/**
	 * Which columns a message fills besides the four every row has: headers (1), a delay (2).
	 */
	private static int carries(NewMessage message) {
		return ((message.headers() != null) ? 1 : 0) | ((message.delay().toMillis() > 0) ? 2 : 0);
	}

	/**
	 * Bind a message's row from the given column on, and return the column after it.
	 */
	private static int bind(PreparedStatement insert, int column, NewMessage message, long sequence, Topic topic,
			long createdAt) throws SQLException {
		insert.setLong(column++, sequence);
		insert.setLong(column++, topic.id());
		insert.setBytes(column++, message.body());
		insert.setLong(column++, createdAt);
		byte[] headers = message.headers();
		if (headers != null) {
			insert.setBytes(column++, headers);
		}
		long delay = message.delay().toMillis();
		if (delay > 0) {
			insert.setLong(column++, createdAt + delay);
		}
		return column;
	}

	/**
	 * What an insert committed.
	 * @param topicOf the topic of each message, in order
	 * @param created the topics that were not held before, in the order of their first messages
	 */
	record Inserted(Topic[] topicOf, List<Topic> created) {
	}

	/**
	 * Prove that the store answers, with one step down the message table: never a scan.
	 */
	void probe() {
		newestSequence();
	}

	/**
	 * Return when the oldest message of each topic was put, in milliseconds since the epoch, in the order given; 0
	 * for a topic that holds none.
	 */
	long[] oldestCreatedAt(List<Topic> topics) {
		StringBuilder ids = new StringBuilder("[");
		for (Topic topic : topics) {
			ids.append((ids.length() > 1) ? "," : "").append(topic.id());
		}
		String array = ids.append(']').toString();
		return this.connection.read((Connection connection) -> {
			long[] oldest = new long[topics.size()];
			PreparedStatement select = this.connection.statement(connection, OLDEST_CREATED);
			select.setString(1, array);
			try (ResultSet row = select.executeQuery()) {
				for (int i = 0; i < oldest.length && row.next(); i++) {
					oldest[i] = row.getLong(1);
				}
			}
			return oldest;
		});
	}

	/**
	 * Return the oldest message of the topic after the given sequence number, with its metadata if asked.
	 */
	Optional<StoredMessage> next(Topic topic, long after, boolean metadata) {
		return metadata ? first(NEXT_WITH_METADATA, topic, after, true) : first(NEXT, topic, after, false);
	}

	/**
	 * Return the topic's oldest messages after the given sequence number, in order: as many as given, or fewer once
	 * they cost the given bytes ({@link RecentMessages.Entry#cost()}).
	 */
	static List<RecentMessages.Entry> run(StoreConnection store, Topic topic, long after, int rows, long maxBytes) {
		return store.read((Connection connection) -> {
			PreparedStatement select = store.statement(connection, RUN);
			select.setLong(1, topic.id());
			select.setLong(2, after);
			select.setInt(3, rows);
			List<RecentMessages.Entry> run = new ArrayList<>(rows);
			long bytes = 0;
			try (ResultSet row = select.executeQuery()) {
				while (bytes < maxBytes && row.next()) {
					RecentMessages.Entry entry = new RecentMessages.Entry(topic, row.getLong(1), row.getLong(3),
							row.getLong(2), row.getBytes(4), row.getBytes(5));
					run.add(entry);
					bytes += entry.cost();
				}
			}
			return run;
		});
	}

	/**
	 * Return the newest message of the topic after the given sequence number, with its metadata if asked.
	 */
	Optional<StoredMessage> latest(Topic topic, long after, boolean metadata) {
		return metadata ? first(LATEST_WITH_METADATA, topic, after, true) : first(LATEST, topic, after, false);
	}

	/**
	 * Delete the messages created at or before the cutoff, and the rows of the topics left with none, in one
	 * transaction.
	 * @param newestSequence the sequence number of the newest message
	 * @return what each topic no longer holds
	 */
	List<Release> deleteCreatedBefore(long cutoff, long newestSequence) {
		return this.connection.inTransaction(StoreConnection.Change.EXPIRY, (connection) -> {
			// Sequence order is put order, so the expired messages are the ones before the first live one; finding
			// it walks only the expired rows. Should the wall clock step back, a few messages outlive their time
			// until the ones put before them expire.
			long bound = newestSequence + 1;
			try (PreparedStatement firstLive = connection.prepareStatement(FIRST_PUT_AFTER)) {
				firstLive.setLong(1, cutoff);
				try (ResultSet row = firstLive.executeQuery()) {
					if (row.next()) {
						bound = row.getLong(1);
					}
				}
			}
			List<Release> releases = new ArrayList<>();
			try (PreparedStatement expired = connection.prepareStatement(HELD_BEFORE)) {
				expired.setLong(1, bound);
				try (ResultSet row = expired.executeQuery()) {
					while (row.next()) {
						Topic topic = this.holdings.withId(row.getLong(1));
						if (topic != null) {
							releases.add(new Release(topic, row.getLong(2), row.getLong(3), bound - 1));
						}
					}
				}
			}
			if (releases.isEmpty()) {
				return releases;
			}
			if (this.groups.count() > 0) {
				for (int i = 0; i < releases.size(); i++) {
					releases.set(i, withGroups(connection, releases.get(i), bound));
				}
			}
			// rows of no held topic are repaired at start; should some turn up, they expire all the same
			update(connection, "DELETE FROM message WHERE seq < ?", bound);
			for (Release release : releases) {
				deleteTopicIfEmptied(connection, release);
			}
			return releases;
		});
	}

	/**
	 * Delete the oldest messages of a topic in one transaction: as many as given, or until at least the given bytes
	 * are freed, and never the message to keep; and the topic's row if it is left with none.
	 * @return what the topic no longer holds, nothing if there was nothing to delete
	 */
	Release dropOldest(Topic topic, long maxMessages, long minBytes, long keep) {
		return this.connection.inTransaction(StoreConnection.Change.DROP,
				(connection) -> dropOldest(connection, topic, maxMessages, minBytes, keep));
	}

	/**
	 * Delete the oldest messages of a topic, in the caller's transaction.
	 */
	Release dropOldest(Connection connection, Topic topic, long maxMessages, long minBytes, long keep)
			throws SQLException {
		long last = -1;
		long messages = 0;
		long bytes = 0;
		PreparedStatement oldest = this.connection.statement(connection, OLDEST);
		oldest.setLong(1, topic.id());
		try (ResultSet row = oldest.executeQuery()) {
			while (messages < maxMessages && bytes + messages * Costs.MESSAGE_OVERHEAD < minBytes && row.next()
					&& row.getLong(1) != keep) {
				last = row.getLong(1);
				messages++;
				bytes += row.getLong(2);
			}
		}
		Release release = new Release(topic, messages, bytes, last);
		if (messages > 0) {
			release = withGroups(connection, release, last + 1);
			update(connection, "DELETE FROM message WHERE topic = ? AND seq <= ?", topic.id(), last);
			deleteTopicIfEmptied(connection, release);
		}
		return release;
	}

	/**
	 * Delete the groups' rows of the released messages, all before the bound, in the caller's transaction, and count
	 * them and what each group loses in the release.
	 */
	private Release withGroups(Connection connection, Release release, long bound) throws SQLException {
		if (this.groups.countOf(release.topic().name()) == 0) {
			return release;
		}
		GroupStore.Departure departure = this.groupStore.leaving(connection, release.topic(), bound);
		return new Release(release.topic(), release.messages(), release.bytes() + departure.rows() * Costs.GROUP_ROW,
				release.through(), departure.losses());
	}

	private void deleteTopicIfEmptied(Connection connection, Release release) throws SQLException {
		if (release.messages() >= release.topic().messages()) {
			update(connection, "DELETE FROM topic WHERE id = ?", release.topic().id());
		}
	}

	/**
	 * Create the row of a topic, or adopt the row of that name should one exist: the topic then holds what that row's
	 * messages hold.
	 */
	private Topic createTopic(Connection connection, String name) throws SQLException {
		PreparedStatement create = this.connection.statement(connection, CREATE_TOPIC);
		create.setString(1, name);
		try (ResultSet row = create.executeQuery()) {
			if (row.next()) {
				return new Topic(row.getLong(1), name);
			}
		}
		try (PreparedStatement existing = connection.prepareStatement("SELECT t.id, count(m.seq), "
				+ "coalesce(sum(length(m.body) + ifnull(length(m.headers), 0)), 0), coalesce(max(m.seq), 0), "
				+ "coalesce(m.created_at, 0) FROM topic t LEFT JOIN message m ON m.topic = t.id WHERE t.name = ? "
				+ "GROUP BY t.id")) {
			existing.setString(1, name);
			try (ResultSet row = existing.executeQuery()) {
				row.next();
				logger.warn("Adopting the row of topic '" + abbreviate(name) + "', which was not held, with "
						+ row.getLong(2) + " messages");
				Topic topic = new Topic(row.getLong(1), name);
				topic.hold(row.getLong(2), row.getLong(3));
				topic.setNewest(row.getLong(4), row.getLong(5));
				// no message of the topic is larger than all of them together
				topic.noteBody(row.getLong(3));
				return topic;
			}
		}
	}

	static String abbreviate(String name) {
		return (name.length() <= 100) ? name : name.substring(0, 100) + "... (" + name.length() + " characters)";
	}

	private static void update(Connection connection, String sql, long... values) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement(sql)) {
			for (int i = 0; i < values.length; i++) {
				update.setLong(i + 1, values[i]);
			}
			update.executeUpdate();
		}
	}

	private Optional<StoredMessage> first(String sql, Topic topic, long after, boolean metadata) {
		return this.connection.read((Connection connection) -> {
			PreparedStatement select = this.connection.statement(connection, sql);
			select.setLong(1, topic.id());
			select.setLong(2, after);
			try (ResultSet row = select.executeQuery()) {
				if (!row.next()) {
					return Optional.empty();
				}
				return Optional.of(new StoredMessage(row.getLong(1), row.getBytes(2),
						metadata ? new StoredMessage.Metadata(row.getLong(3), row.getBytes(4)) : null));
			}
		});
	}

}
