package dev.dsmq.server.queue;

import javax.sql.DataSource;

import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

/**
 * Brings a store to the schema this server uses: the messages and topics of {@code schema.sql}, then the work-queue
 * groups of {@code groups.sql}, once, on a store that does not have them yet (a store left by an older server gains
 * them at its first start).
 */
public final class StoreSchema {

	private StoreSchema() {
	}

	/**
	 * Create what the store lacks.
	 */
	public static void create(DataSource dataSource) {
		DatabasePopulatorUtils.execute(new ResourceDatabasePopulator(script("schema.sql")), dataSource);
		Integer groups = new JdbcTemplate(dataSource).queryForObject(
				"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'consumer_group'", Integer.class);
		if (groups == null || groups == 0) {
			// groups.sql alters the message table, which can be done once only
			DatabasePopulatorUtils.execute(new ResourceDatabasePopulator(script("groups.sql")), dataSource);
		}
	}

	private static ClassPathResource script(String name) {
		return new ClassPathResource(name, StoreSchema.class);
	}

}
