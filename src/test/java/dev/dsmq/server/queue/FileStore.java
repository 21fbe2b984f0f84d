package dev.dsmq.server.queue;

import java.nio.file.Path;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * The server's schema in a store file, opened as the server opens one with {@code dsmq.store.path}, for tests that
 * drive a {@link QueueService} directly and look at what outlives it. Close it to close the file.
 */
public final class FileStore implements AutoCloseable {

	private final SingleConnectionDataSource dataSource;

	private final JdbcTemplate jdbc;

	public FileStore(Path file) {
		this.dataSource = new SingleConnectionDataSource("jdbc:sqlite:" + file + QueueConfiguration.FILE_OPTIONS,
				true);
		StoreSchema.migrate(this.dataSource, file.toString());
		this.jdbc = new JdbcTemplate(this.dataSource);
	}

	public JdbcTemplate jdbc() {
		return this.jdbc;
	}

	@Override
	public void close() {
		this.dataSource.destroy();
	}

}
