package dev.dsmq.server;

import java.time.Duration;
import java.util.Map;

import dev.dsmq.server.queue.MessageQueue;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A node whose PostgreSQL cannot be reached refuses what needs it with a clear error on the wire, reports the store
 * down, and serves again by itself once the database lets it in. The database is made unreachable by refusing new
 * connections to it and ending those the node has.
 */
@SpringBootTest(properties = { "dsmq.port=0", "spring.datasource.hikari.connection-timeout=500" })
class PostgresUnavailableTests {

	private static final String UNAVAILABLE = "the store is unavailable: PostgreSQL cannot be reached; try again";

	private static String database;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MessageQueue queue;

	@Autowired
	private MeterRegistry meters;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		String url = PostgresTestDatabase.create();
		database = PostgresTestDatabase.name(url);
		registry.add("spring.datasource.url", () -> url);
		registry.add("spring.datasource.username", () -> "postgres");
		registry.add("spring.datasource.password", () -> "");
	}

	@AfterEach
	void letTheNodeIn() {
		PostgresTestDatabase.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
	}

	@Test
	void requestsAreRefusedWithAClearErrorWhileTheDatabaseCannotBeReachedAndServedOnceItCan() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.send(Map.of("action", "put", "topic", "outage", "message", "before", "id", 1));
			assertThat(client.readReply()).containsEntry("ok", true);
			PostgresTestDatabase.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
			PostgresTestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '"
					+ database + "'");
			client.send(Map.of("action", "put", "topic", "outage", "message", "during", "id", 2));
			assertThat(client.readReply()).containsEntry("id", 2).containsEntry("error", "message not stored: " + UNAVAILABLE);
			client.send(Map.of("action", "get", "topic", "outage", "id", 3));
			assertThat(client.readReply()).containsExactlyInAnyOrderEntriesOf(Map.of("id", 3, "error", UNAVAILABLE));
			assertThat(this.queue.storeProblem()).isPresent();
			// the put's message and the get, each counted where an operator can see them
			assertThat(this.meters.get("dsmq.requests.store-unavailable").counter().count()).isEqualTo(2);
			PostgresTestDatabase.execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				client.send(Map.of("action", "put", "topic", "outage", "message", "after", "id", 4));
				assertThat(client.readReply()).containsEntry("ok", true);
			});
			assertThat(client.get("outage")).isEqualTo("before");
			assertThat(client.get("outage")).isEqualTo("after");
		}
	}

}
