package dev.dsmq.server;

import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Actuator health endpoint over HTTP and its {@code dsmq} component.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "dsmq.port=0")
// a server of its own: the counts below are exact, and another class with the same configuration may have put first
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
class HealthTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void healthIsUpAndDsmqComponentShowsWhatTheServerHolds() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.put("health-a", "one");
			client.put("health-a", "two");
			client.put("health-b", "three");
			assertThat(client.get("health-b")).isEqualTo("three");
			await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
				HttpResponse<String> response = health();
				assertThat(response.statusCode()).isEqualTo(200);
				JsonNode body = json.readTree(response.body());
				assertThat(body.at("/status").asString()).isEqualTo("UP");
				JsonNode dsmq = body.at("/components/dsmq");
				assertThat(dsmq.at("/status").asString()).isEqualTo("UP");
				assertThat(dsmq.at("/details/address").asString())
					.isEqualTo("127.0.0.1:" + this.connectionFactory.getPort());
				assertThat(dsmq.at("/details/connections").asInt()).isEqualTo(1);
				assertThat(dsmq.at("/details/topics").asInt()).isEqualTo(2);
				assertThat(dsmq.at("/details/messages").asInt()).isEqualTo(3);
			});
		}
	}

	@Test
	@DirtiesContext
	void healthIsDownOnceTheListenerStops() throws Exception {
		this.connectionFactory.stop();
		HttpResponse<String> response = health();
		assertThat(response.statusCode()).isEqualTo(503);
		JsonNode dsmq = json.readTree(response.body()).at("/components/dsmq");
		assertThat(dsmq.at("/status").asString()).isEqualTo("DOWN");
		assertThat(dsmq.at("/details/reason").asString()).isEqualTo("not listening");
	}

	private HttpResponse<String> health() {
		return new ActuatorClient(this.httpPort).get("/actuator/health");
	}

}
