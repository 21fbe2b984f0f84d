package dev.dsmq.server.queue;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * The PostgreSQL store's schema: the migrations in {@code postgresql/} beside this class, Flyway's
 * {@code V<n>__<what>.sql}, apart from the SQLite store's, since the two speak different SQL. Flyway keeps their
 * history in a table of the store's own name, so that a database shared with another application's Flyway keeps the
 * two apart, and takes a lock while it migrates, so that nodes starting together migrate once. A migration, once
 * released, is never changed.
 */
final class PostgresSchema {

	private static final Log logger = LogFactory.getLog(PostgresSchema.class);

	private static final String LOCATION = "classpath:dev/dsmq/server/queue/postgresql";

	/** Where Flyway keeps the history of the store's migrations. */
	static final String HISTORY = "dsmq_schema_history";

	private PostgresSchema() {
	}

	/**
	 * Bring the schema to the newest version, creating it in an empty database.
	 */
	static void migrate(DataSource dataSource) {
		MigrateResult result = Flyway.configure(PostgresSchema.class.getClassLoader())
			.dataSource(dataSource)
			.locations(LOCATION)
			.table(HISTORY)
			// the database may hold another application's tables, which Flyway refuses to migrate beside unless
			// told where to start: below version 1, so that every migration of the store is applied
			.baselineOnMigrate(true)
			.baselineVersion("0")
			.load()
			.migrate();
		if (result.migrationsExecuted > 0) {
			logger.info("Migrated the PostgreSQL store from schema version "
					+ ((result.initialSchemaVersion != null) ? result.initialSchemaVersion : "none") + " to "
					+ result.targetSchemaVersion);
		}
	}

}
