package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;

/**
 * The messages in SQLite, with what is held per topic and in all, and the limits on it. Not thread-safe: the
 * {@link QueueService} calls it with its lock held, except {@link #find(String)}, which any thread may call.
 */
final class MessageStore {

	private static final String INSERT = "INSERT INTO message (seq, topic, body, created_at) VALUES (?, ?, ?, ?)";

	private static final String NEXT = "SELECT seq, body FROM message WHERE topic = ? AND seq > ? ORDER BY seq LIMIT 1";

	private static final String LATEST = "SELECT seq, body FROM message WHERE topic = ? AND seq > ? "
			+ "ORDER BY seq DESC LIMIT 1";

	private static final String OLDEST = "SELECT seq, length(body) FROM message WHERE topic = ? ORDER BY seq";

	/** When the oldest and newest messages of a topic were put; both walk the (topic, seq) index to one row. */
	private static final String CREATED_RANGE = "SELECT "
			+ "(SELECT created_at FROM message WHERE topic = ? ORDER BY seq LIMIT 1), "
			+ "(SELECT created_at FROM message WHERE topic = ? ORDER BY seq DESC LIMIT 1)";

	private final JdbcTemplate jdbc;

	private final HeldLimits limits;

	private final Map<String, PreparedStatement> statements = new HashMap<>();

	/** Every topic that holds messages, by name; changed only with the lock held, read by any thread. */
	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	private long lastTopicId;

	private volatile long heldMessages;

	private volatile long heldBytes;

	private final AtomicLong droppedForTopicLimit = new AtomicLong();

	private final AtomicLong droppedForByteLimit = new AtomicLong();

	private final AtomicLong expired = new AtomicLong();

	private volatile Consumer<String> topicAdded = (name) -> {
	};

	MessageStore(JdbcTemplate jdbc, HeldLimits limits) {
		this.jdbc = jdbc;
		this.limits = limits;
		jdbc.query("SELECT t.id, t.name, count(*), sum(length(m.body)), max(m.seq), max(length(m.body)) FROM topic t "
				+ "JOIN message m ON m.topic = t.id GROUP BY t.id", (RowCallbackHandler) (row) -> {
					Topic topic = new Topic(row.getLong(1));
					topic.hold(row.getLong(3), row.getLong(4));
					topic.noteBody(row.getLong(6));
					topic.setNewest(row.getLong(5));
					this.topics.put(row.getString(2), topic);
					this.heldMessages += row.getLong(3);
					this.heldBytes += row.getLong(4);
				});
		this.lastTopicId = queryLong("SELECT coalesce(max(id), 0) FROM topic");
	}

	/**
	 * Return the sequence number of the newest message held, or 0.
	 */
	long newestSequence() {
		return queryLong("SELECT coalesce(max(seq), 0) FROM message");
	}

	/**
	 * Return the topic of that name if it holds messages.
	 */
	@Nullable Topic find(String name) {
		return this.topics.get(name);
	}

	/**
	 * Return the names of the topics that hold messages now.
	 */
	List<String> topicNames() {
		return List.copyOf(this.topics.keySet());
	}

	/**
	 * Return how many messages the topic of that name holds, 0 if none; any thread may call it.
	 */
	long messagesOf(String name) {
		Topic topic = this.topics.get(name);
		return (topic != null) ? topic.messages() : 0;
	}

	/**
	 * Return how many bytes of messages the topic of that name holds, 0 if none; any thread may call it.
	 */
	long bytesOf(String name) {
		Topic topic = this.topics.get(name);
		return (topic != null) ? topic.bytes() : 0;
	}

	/**
	 * Call the given consumer with the name of every topic that starts to hold messages from now on; it runs in the
	 * put's transaction, with the lock held.
	 */
	void onTopicAdded(Consumer<String> consumer) {
		this.topicAdded = consumer;
	}

	/**
	 * Return what the topic of that name holds and when its oldest and newest messages were put, or {@code null} if
	 * it holds nothing.
	 */
	@Nullable TopicDepth depth(String name) {
		Topic topic = this.topics.get(name);
		if (topic == null) {
			return null;
		}
		return withConnection((connection) -> {
			PreparedStatement range = statement(connection, CREATED_RANGE);
			range.setLong(1, topic.id());
			range.setLong(2, topic.id());
			try (ResultSet row = range.executeQuery()) {
				row.next();
				return new TopicDepth(name, topic.messages(), topic.bytes(), row.getLong(1), row.getLong(2));
			}
		});
	}

	/**
	 * Insert messages in one transaction, numbered from the given sequence number on, then drop what the limits no
	 * longer allow, never the last of these messages.
	 */
	void insert(List<NewMessage> messages, long firstSequence, long createdAt) {
		Topic[] topicOf = new Topic[messages.size()];
		withConnection((connection) -> {
			PreparedStatement insert = statement(connection, INSERT);
			List<String> created = new ArrayList<>(0);
			connection.setAutoCommit(false);
			try {
				for (int i = 0; i < topicOf.length; i++) {
					NewMessage message = messages.get(i);
					topicOf[i] = topic(connection, message.topic(), created);
					insert.setLong(1, firstSequence + i);
					insert.setLong(2, topicOf[i].id());
					insert.setBytes(3, message.body());
					insert.setLong(4, createdAt);
					insert.executeUpdate();
				}
				connection.commit();
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				created.forEach(this.topics::remove);
				throw ex;
			}
			finally {
				connection.setAutoCommit(true);
			}
			return null;
		});
		Map<Topic, Boolean> touched = new IdentityHashMap<>();
		long bytes = 0;
		for (int i = 0; i < topicOf.length; i++) {
			int size = messages.get(i).body().length;
			topicOf[i].hold(1, size);
			topicOf[i].noteBody(size);
			topicOf[i].setNewest(firstSequence + i);
			touched.put(topicOf[i], Boolean.TRUE);
			bytes += size;
		}
		this.heldMessages += topicOf.length;
		this.heldBytes += bytes;
		enforceLimits(touched.keySet(), firstSequence + topicOf.length - 1);
	}

	Optional<StoredMessage> next(Topic topic, long after) {
		return first(NEXT, topic, after);
	}

	Optional<StoredMessage> latest(Topic topic, long after) {
		return first(LATEST, topic, after);
	}

	/**
	 * Delete the messages created at or before the cutoff.
	 * @param newestSequence the sequence number of the newest message
	 * @return how many were deleted
	 */
	int deleteCreatedBefore(long cutoff, long newestSequence) {
		// Sequence order is put order, so the expired messages are the ones before the first live one; finding it
		// walks only the expired rows. Should the wall clock step back, a few messages outlive their time until
		// the ones put before them expire.
		List<Long> firstLive = this.jdbc.queryForList(
				"SELECT seq FROM message WHERE created_at > ? ORDER BY seq LIMIT 1", Long.class, cutoff);
		long bound = firstLive.isEmpty() ? newestSequence + 1 : firstLive.get(0);
		Map<Long, long[]> deletedByTopic = new HashMap<>();
		this.jdbc.query("SELECT topic, count(*), sum(length(body)) FROM message WHERE seq < ? GROUP BY topic",
				(RowCallbackHandler) (row) -> deletedByTopic.put(row.getLong(1),
						new long[] { row.getLong(2), row.getLong(3) }),
				bound);
		if (deletedByTopic.isEmpty()) {
			return 0;
		}
		int deleted = this.jdbc.update("DELETE FROM message WHERE seq < ?", bound);
		for (Topic topic : List.copyOf(this.topics.values())) {
			long[] counts = deletedByTopic.get(topic.id());
			if (counts != null) {
				release(topic, counts[0], counts[1]);
			}
		}
		this.expired.addAndGet(deleted);
		return deleted;
	}

	QueueStats stats() {
		return this.jdbc.queryForObject("SELECT count(DISTINCT topic), count(*) FROM message",
				(row, rowNum) -> new QueueStats(row.getLong(1), row.getLong(2)));
	}

	long heldMessages() {
		return this.heldMessages;
	}

	long heldBytes() {
		return this.heldBytes;
	}

	long droppedForTopicLimit() {
		return this.droppedForTopicLimit.get();
	}

	long droppedForByteLimit() {
		return this.droppedForByteLimit.get();
	}

	long expired() {
		return this.expired.get();
	}

	/**
	 * Drop the oldest messages of a topic over its message limit, then, while all messages hold more bytes than
	 * allowed, the oldest of the topic that holds the most bytes: as on a bulletin board, old notes make room.
	 */
	private void enforceLimits(Iterable<Topic> touched, long keep) {
		for (Topic topic : touched) {
			long over = topic.messages() - this.limits.maxMessagesPerTopic();
			if (over > 0) {
				this.droppedForTopicLimit.addAndGet(dropOldest(topic, over, Long.MAX_VALUE, keep));
			}
		}
		while (this.heldBytes > this.limits.maxHeldBytes()) {
			Topic fullest = this.topics.values().stream().max(Comparator.comparingLong(Topic::bytes)).orElseThrow();
			long dropped = dropOldest(fullest, Long.MAX_VALUE, this.heldBytes - this.limits.maxHeldBytes(), keep);
			if (dropped == 0) {
				return;
			}
			this.droppedForByteLimit.addAndGet(dropped);
		}
	}

	/**
	 * Delete the oldest messages of a topic: as many as given, or until at least the given bytes are freed, and
	 * never the message to keep.
	 * @return how many were deleted
	 */
	private long dropOldest(Topic topic, long maxMessages, long minBytes, long keep) {
		long[] last = { -1, 0, 0 };
		withConnection((connection) -> {
			PreparedStatement oldest = statement(connection, OLDEST);
			oldest.setLong(1, topic.id());
			try (ResultSet row = oldest.executeQuery()) {
				while (last[1] < maxMessages && last[2] < minBytes && row.next() && row.getLong(1) != keep) {
					last[0] = row.getLong(1);
					last[1]++;
					last[2] += row.getLong(2);
				}
			}
			return null;
		});
		if (last[1] > 0) {
			this.jdbc.update("DELETE FROM message WHERE topic = ? AND seq <= ?", topic.id(), last[0]);
			release(topic, last[1], last[2]);
		}
		return last[1];
	}

	/**
	 * Account for deleted messages of a topic, and forget the topic once it holds none.
	 */
	private void release(Topic topic, long messages, long bytes) {
		topic.hold(-messages, -bytes);
		this.heldMessages -= messages;
		this.heldBytes -= bytes;
		if (topic.messages() == 0) {
			this.topics.values().remove(topic);
			this.jdbc.update("DELETE FROM topic WHERE id = ?", topic.id());
		}
	}

	/**
	 * Return the topic of the given name, creating it in the store if it holds no messages yet, in the put's
	 * transaction.
	 * @param created the names of the topics this transaction has created so far
	 */
	private Topic topic(Connection connection, String name, List<String> created) throws SQLException {
		Topic topic = this.topics.get(name);
		if (topic == null) {
			topic = new Topic(++this.lastTopicId);
			PreparedStatement insert = statement(connection, "INSERT INTO topic (id, name) VALUES (?, ?)");
			insert.setLong(1, topic.id());
			insert.setString(2, name);
			insert.executeUpdate();
			this.topics.put(name, topic);
			created.add(name);
			this.topicAdded.accept(name);
		}
		return topic;
	}

	private Optional<StoredMessage> first(String sql, Topic topic, long after) {
		return withConnection((connection) -> {
			PreparedStatement select = statement(connection, sql);
			select.setLong(1, topic.id());
			select.setLong(2, after);
			try (ResultSet row = select.executeQuery()) {
				return row.next() ? Optional.of(new StoredMessage(row.getLong(1), row.getBytes(2))) : Optional.empty();
			}
		});
	}

	private long queryLong(String sql) {
		Long value = this.jdbc.queryForObject(sql, Long.class);
		return (value != null) ? value : 0;
	}

	private <T> T withConnection(ConnectionCallback<T> action) {
		return this.jdbc.execute(action);
	}

	/**
	 * Return a statement of the hot path, prepared once and kept: preparing is most of the cost of a one-row
	 * statement in SQLite. The one connection never closes, so neither do its statements.
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
	 * How much the store may hold.
	 * @param maxMessagesPerTopic the most messages one topic holds
	 * @param maxHeldBytes the most bytes of messages all topics hold together
	 */
	record HeldLimits(long maxMessagesPerTopic, long maxHeldBytes) {

		static final HeldLimits NONE = new HeldLimits(Long.MAX_VALUE, Long.MAX_VALUE);

	}

}
