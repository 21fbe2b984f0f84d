package dev.dsmq.server.queue;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The server's schema in an in-memory SQLite database of its own, opened as the server opens its own, for tests that
 * drive a {@link QueueService} directly. Close it to drop the database.
 */
public final class InMemoryStore implements AutoCloseable {

	private final SingleConnectionDataSource dataSource = new SingleConnectionDataSource(QueueConfiguration.IN_MEMORY,
			true);

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	public InMemoryStore() {
		StoreSchema.create(this.dataSource);
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	@Override
	public void close() {
		this.dataSource.destroy();
	}

}
