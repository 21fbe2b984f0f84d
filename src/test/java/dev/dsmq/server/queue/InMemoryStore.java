package dev.dsmq.server.queue;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The server's schema in an in-memory SQLite database of its own, for tests that drive a {@link QueueService}
 * directly. Close it to drop the database.
 */
public final class InMemoryStore implements AutoCloseable {

	private final SingleConnectionDataSource dataSource = new SingleConnectionDataSource("jdbc:sqlite::memory:", true);

	private final JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);

	public InMemoryStore() {
		DatabasePopulatorUtils.execute(
				new ResourceDatabasePopulator(new ClassPathResource("dev/dsmq/server/queue/schema.sql")),
				this.dataSource);
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	@Override
	public void close() {
		this.dataSource.destroy();
	}

}
