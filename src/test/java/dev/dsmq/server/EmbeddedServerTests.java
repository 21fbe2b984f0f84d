package dev.dsmq.server;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server run inside another application keeps its messages in memory, whatever database the application names
 * for itself in the JVM's environment or system properties.
 */
class EmbeddedServerTests {

	@Test
	void embeddedServerKeepsItsMessagesInMemoryThoughTheJvmNamesAPostgresDatabase() {
		String before = System.getProperty("spring.datasource.url");
		// a database that no one listens on: were the server to use it, it would not start
		System.setProperty("spring.datasource.url", "jdbc:postgresql://127.0.0.1:1/application");
		try (EmbeddedServer server = EmbeddedServer.start(new String[] { "--dsmq.port=0" })) {
			assertThat(server.isRunning()).isTrue();
			assertThat(server.stats()).containsEntry("messages", 0L);
		}
		finally {
			if (before != null) {
				System.setProperty("spring.datasource.url", before);
			}
			else {
				System.clearProperty("spring.datasource.url");
			}
		}
	}

	@Test
	void argumentsThatNameADatabaseAreKept() {
		String[] named = { "--dsmq.port=0", "--spring.datasource.url=jdbc:postgresql://db/dsmq" };
		assertThat(EmbeddedServer.inMemoryUnlessNamed(named)).containsExactly(named);
		assertThat(EmbeddedServer.inMemoryUnlessNamed(new String[] { "--dsmq.port=0" }))
			.containsExactly("--spring.datasource.url=", "--dsmq.port=0");
	}

}
