package dev.dsmq.server.queue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two ways the store gets its schema, Flyway's migrations of a file and every migration applied to a new
 * in-memory database, make the same tables and indexes.
 */
class StoreSchemaTests {

	/**
	 * Every table and index but Flyway's own history, as SQLite keeps their definitions: as written, but that Spring's
	 * populator folds the whitespace of each statement.
	 */
	private static final String SCHEMA = "SELECT type, name, tbl_name, sql FROM sqlite_master "
			+ "WHERE name NOT LIKE 'flyway%' AND name NOT LIKE 'sqlite%' ORDER BY type, name";

	@TempDir
	private Path directory;

	@Test
	void newInMemoryDatabaseGetsTheSchemaThatFlywayGivesAStoreFile() {
		List<String> inMemory;
		try (InMemoryStore store = new InMemoryStore()) {
			inMemory = schema(store.jdbc());
		}
		SingleConnectionDataSource file = new SingleConnectionDataSource(
				"jdbc:sqlite:" + this.directory.resolve("dsmq.db"), true);
		try {
			StoreSchema.migrate(file, "dsmq.db");
			assertThat(schema(new JdbcTemplate(file))).isEqualTo(inMemory);
			assertThat(inMemory).anyMatch((entry) -> entry.startsWith("table message on message: CREATE TABLE"));
		}
		finally {
			file.destroy();
		}
	}

	private static List<String> schema(JdbcTemplate jdbc) {
		return jdbc.query(SCHEMA, (row, number) -> row.getString("type") + " " + row.getString("name") + " on "
				+ row.getString("tbl_name") + ": " + row.getString("sql").replaceAll("\\s+", " "));
	}

}
