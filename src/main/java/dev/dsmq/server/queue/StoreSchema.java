package dev.dsmq.server.queue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * The store's schema: the migrations in {@code migration/} beside this class, Flyway's {@code V<n>__<what>.sql},
 * applied in the order of their versions. A store file is migrated by Flyway, which keeps its history in the file, so
 * that a file written by an older server gets what a newer one needs and keeps its messages. A migration, once
 * released, is never changed: a change to the schema is a new version.
 * <p>
 * An in-memory database is new at every start and has no history to keep, so it gets every migration in order
 * without Flyway, whose start costs about a third of a second of CPU on the start's critical path. Spring's
 * populator splits a script at each semicolon, so a migration holds plain statements; a test proves that both ways
 * make the same schema.
 */
final class StoreSchema {

	private static final Log logger = LogFactory.getLog(StoreSchema.class);

	private static final String LOCATION = "classpath:dev/dsmq/server/queue/migration";

	private static final Pattern VERSIONED = Pattern.compile("V(\\d+)__.+\\.sql");

	private StoreSchema() {
	}

	/**
	 * Bring a store file's schema to the newest version, applying the migrations it has not had yet, each in a
	 * transaction of its own.
	 * @param dataSource the file's one connection
	 * @param file where the file is, for the log
	 */
	static void migrate(DataSource dataSource, String file) {
		MigrateResult result = Flyway.configure(StoreSchema.class.getClassLoader())
			.dataSource(dataSource)
			.locations(LOCATION)
			// A store file from before the schema had versions holds the tables of version 1 but no history of
			// them: it is taken as at version 1, and only the later versions are applied to it.
			.baselineOnMigrate(true)
			.baselineVersion("1")
			.baselineDescription("store from before versioned schemas")
			.load()
			.migrate();
		if (result.migrationsExecuted > 0 && result.initialSchemaVersion != null) {
			logger.info("Migrated the store in " + file + " from schema version " + result.initialSchemaVersion
					+ " to " + result.targetSchemaVersion);
		}
	}

	/**
	 * Give a new, empty database the newest schema: every migration, in the order of their versions.
	 */
	static void create(DataSource dataSource) {
		DatabasePopulatorUtils.execute(new ResourceDatabasePopulator(migrations()), dataSource);
	}

	/**
	 * Return the migrations in the order of their versions, which is not the order of their names (V10 follows V9).
	 */
	static Resource[] migrations() {
		Resource[] found;
		try {
			found = new PathMatchingResourcePatternResolver(StoreSchema.class.getClassLoader())
				.getResources(LOCATION + "/V*__*.sql");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("could not list the store's migrations in " + LOCATION, ex);
		}
		Arrays.sort(found, Comparator.comparingLong(StoreSchema::version));
		return found;
	}

	private static long version(Resource migration) {
		String name = String.valueOf(migration.getFilename());
		Matcher matcher = VERSIONED.matcher(name);
		if (!matcher.matches()) {
			throw new IllegalStateException("migration " + name + " is not named V<version>__<description>.sql");
		}
		return Long.parseLong(matcher.group(1));
	}

}
