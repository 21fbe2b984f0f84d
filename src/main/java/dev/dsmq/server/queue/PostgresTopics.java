package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The topics that hold messages on PostgreSQL, a page at a time, for the {@code dsmq} endpoint: counted in SQL, so
 * every node shows the same. Rates are counted per node on SQLite and are not kept here.
 */
final class PostgresTopics {

	private static final String PAGE = "SELECT topic, count(*), sum(octet_length(body) + coalesce(octet_length(headers),"
			+ " 0)), min(created_at), max(created_at) FROM dsmq_message GROUP BY topic ORDER BY min(seq)"
			+ " OFFSET ? LIMIT ?";

	private static final String GROUPS = "SELECT id, name, done_through FROM dsmq_group WHERE topic = ? ORDER BY name";

	private PostgresTopics() {
	}

	/**
	 * Return one page of the topics, oldest first, with their groups by name.
	 */
	static List<TopicDepth> page(Connection connection, long offset, int limit, long now) throws SQLException {
		List<TopicDepth> page = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(PAGE)) {
			statement.setLong(1, offset);
			statement.setInt(2, limit);
			try (ResultSet row = statement.executeQuery()) {
				while (row.next()) {
					String name = row.getString(1);
					long messages = row.getLong(2);
					long bytes = row.getLong(3) + messages * Costs.MESSAGE_OVERHEAD + Costs.topic(name);
					page.add(new TopicDepth(name, messages, bytes, row.getLong(4), row.getLong(5), TopicRates.Rate.NONE,
							List.of()));
				}
			}
		}
		List<TopicDepth> depths = new ArrayList<>(page.size());
		for (TopicDepth topic : page) {
			depths.add(new TopicDepth(topic.name(), topic.messages(), topic.bytes(), topic.oldestCreatedAt(),
					topic.newestCreatedAt(), topic.rate(), groups(connection, topic.name(), now)));
		}
		return depths;
	}

	private static List<GroupDepth> groups(Connection connection, String topic, long now) throws SQLException {
		List<long[]> ids = new ArrayList<>();
		List<String> names = new ArrayList<>();
		try (PreparedStatement statement = connection.prepareStatement(GROUPS)) {
			statement.setString(1, topic);
			try (ResultSet row = statement.executeQuery()) {
				while (row.next()) {
					ids.add(new long[] { row.getLong(1), row.getLong(3) });
					names.add(row.getString(2));
				}
			}
		}
		List<GroupDepth> groups = new ArrayList<>(ids.size());
		for (int i = 0; i < ids.size(); i++) {
			groups.add(PostgresGroups.depth(connection, ids.get(i)[0], topic, names.get(i), ids.get(i)[1], now));
		}
		return groups;
	}

}
