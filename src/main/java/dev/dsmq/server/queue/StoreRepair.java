package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.UncategorizedSQLException;

/**
 * Opens a store that may have been left by an older server: in one transaction, it deletes what an interrupted change
 * left behind (rows of topics without messages, messages without the row of their topic, groups' rows of messages
 * that are gone), takes what is left into the holdings and the groups, and drops what the limits no longer allow,
 * then logs what it changed.
 */
final class StoreRepair {

	private static final Log logger = LogFactory.getLog(StoreRepair.class);

	private final StoreConnection connection;

	private final MessageStore store;

	private final Holdings holdings;

	private final Eviction eviction;

	private final GroupStore groupStore;

	private final Groups groups;

	StoreRepair(StoreConnection connection, MessageStore store, Holdings holdings, Eviction eviction,
			GroupStore groupStore, Groups groups) {
		this.connection = connection;
		this.store = store;
		this.holdings = holdings;
		this.eviction = eviction;
		this.groupStore = groupStore;
		this.groups = groups;
	}

	/**
	 * Repair the store and fill the holdings, which nobody else may see yet: should the transaction fail, they are
	 * discarded with the service that was being made.
	 * @param newestSequence the sequence number of the newest message, which the limits never drop
	 */
	void open(long newestSequence) {
		this.connection.inTransaction(StoreConnection.Change.REPAIR, (connection) -> {
			int orphans = update(connection,
					"DELETE FROM message WHERE NOT EXISTS (SELECT 1 FROM topic WHERE topic.id = message.topic)");
			int empty = update(connection,
					"DELETE FROM topic WHERE NOT EXISTS (SELECT 1 FROM message WHERE message.topic = topic.id)");
			List<Topic> loaded = load(connection);
			loaded.forEach(this.holdings::add);
			// before the limits, which drop messages for the groups too and count what their rows cost
			GroupStore.Loaded groups = this.groupStore.load(connection, this.holdings);
			for (Group group : groups.groups()) {
				this.groups.add(group);
				this.holdings.holdBeside(group.cost());
			}
			groups.rows().forEach((rows) -> this.holdings.hold(rows.topic(), 0, rows.rows() * Costs.GROUP_ROW));
			long droppedBefore = dropped();
			this.eviction.enforce(loaded, newestSequence, (topic, maxMessages, minBytes) -> {
				try {
					return this.store.dropOldest(connection, topic, maxMessages, minBytes, newestSequence);
				}
				catch (SQLException ex) {
					throw new UncategorizedSQLException("dropping messages for the limits", null, ex);
				}
			});
			if (orphans > 0 || empty > 0) {
				logger.warn("Repaired the store, which a server had left in the middle of a change: deleted " + empty
						+ " rows of topics without messages and " + orphans + " messages without a topic");
			}
			long dropped = dropped() - droppedBefore;
			if (dropped > 0) {
				logger.info("Dropped the oldest " + dropped + " of the messages held to keep within the limits "
						+ "(dsmq.max-messages-per-topic, dsmq.max-held-bytes)");
			}
			return null;
		});
	}

	private long dropped() {
		return this.holdings.droppedForTopicLimit() + this.holdings.droppedForByteLimit();
	}

	private static List<Topic> load(Connection connection) throws SQLException {
		List<Topic> topics = new ArrayList<>();
		// with max(), SQLite takes the bare column created_at from the row of the newest message
		try (PreparedStatement select = connection.prepareStatement("SELECT t.id, t.name, count(*), "
				+ "sum(length(m.body) + ifnull(length(m.headers), 0)), max(m.seq), m.created_at, "
				+ "(SELECT max" + MessageStore.LENGTH + " FROM message WHERE topic = t.id) FROM topic t "
				+ "JOIN message m ON m.topic = t.id GROUP BY t.id");
				ResultSet row = select.executeQuery()) {
			while (row.next()) {
				Topic topic = new Topic(row.getLong(1), row.getString(2));
				topic.hold(row.getLong(3), row.getLong(4));
				topic.setNewest(row.getLong(5), row.getLong(6));
				topic.noteBody(row.getLong(7));
				topics.add(topic);
			}
		}
		return topics;
	}

	private static int update(Connection connection, String sql) throws SQLException {
		try (PreparedStatement update = connection.prepareStatement(sql)) {
			return update.executeUpdate();
		}
	}

}
