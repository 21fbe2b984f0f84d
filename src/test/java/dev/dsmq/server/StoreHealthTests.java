package dev.dsmq.server;

import java.net.http.HttpResponse;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The health of a store that cannot take changes: SQLite told that the database may not grow, as when its disk is
 * full.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "dsmq.port=0")
// the store is made full: a server of its own
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
class StoreHealthTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private JdbcTemplate jdbc;

	@Test
	void healthIsDownWithTheReasonWhileTheStoreCannotWriteAndUpOnceItCanAgain() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			assertThat(put(client, "small", 1)).containsEntry("ok", true);
			assertThat(health().statusCode()).isEqualTo(200);
			Long pages = this.jdbc.queryForObject("PRAGMA page_count", Long.class);
			this.jdbc.queryForObject("PRAGMA max_page_count = " + pages, Long.class);
			String large = "x".repeat(100_000);
			assertThat(put(client, large, 2)).containsExactly(entry("id", 2),
					entry("error", "internal server error: message not stored"));
			HttpResponse<String> down = health();
			assertThat(down.statusCode()).isEqualTo(503);
			JsonNode dsmq = json.readTree(down.body()).at("/components/dsmq");
			assertThat(dsmq.at("/status").asString()).isEqualTo("DOWN");
			assertThat(dsmq.at("/details/reason").asString()).startsWith("the store's last put failed:")
				.contains("full");
			assertThat(dsmq.at("/details/messages").asLong()).isEqualTo(1);
			this.jdbc.queryForObject("PRAGMA max_page_count = 1073741823", Long.class);
			assertThat(put(client, large, 3)).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 3)
				.containsEntry("ok", true);
			assertThat(health().statusCode()).isEqualTo(200);
		}
	}

	private static Map<String, Object> put(DsmqTestClient client, String message, int id) {
		client.send(Map.of("action", "put", "topic", "filling", "message", message, "id", id));
		return client.readReply();
	}

	private HttpResponse<String> health() {
		return new ActuatorClient(this.httpPort).get("/actuator/health");
	}

}
