package dev.dsmq.server;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * tinyMQ connections as an operator sees them over HTTP: in {@code /actuator/dsmq} with their role and topic, and in
 * the Prometheus scrape under the generation {@code tinymq}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "dsmq.port=0")
class TinyMqEndpointTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void dsmqEndpointListsTinyMqConnectionsWithTheirRoleAndTopic() {
		int port = this.connectionFactory.getPort();
		try (TinyMqTestClient producer = TinyMqTestClient.producer(port, "tmq-endpoint");
				TinyMqTestClient consumer = TinyMqTestClient.consumer(port, "tmq-endpoint");
				DsmqTestClient dsmq = DsmqTestClient.connect(port)) {
			assertThat(dsmq.get("tmq-endpoint")).isEmpty();
			List<String> listed = new ArrayList<>();
			for (JsonNode connection : actuator().json("/actuator/dsmq").get("connections")) {
				if (connection.path("topic").asString("").equals("tmq-endpoint")) {
					listed.add(connection.get("generation").asString() + " " + connection.get("role").asString());
				}
				else if (connection.get("generation").asString().equals("framed")) {
					assertThat(connection.path("role").isMissingNode() || connection.get("role").isNull()).isTrue();
				}
			}
			assertThat(listed).containsExactlyInAnyOrder("tinymq producer", "tinymq consumer");
		}
	}

	@Test
	void prometheusScrapeCountsTinyMqConnectionsUnderTheirGeneration() {
		try (TinyMqTestClient producer = TinyMqTestClient.producer(this.connectionFactory.getPort(), "tmq-scrape")) {
			assertThat(producer.write(1, "scraped")).isEqualTo(1);
			assertThat(actuator().body("/actuator/prometheus"))
				.containsPattern("(?m)^dsmq_connections_open\\{generation=\"tinymq\"\\} [1-9]")
				.containsPattern(
						"(?m)^dsmq_requests_rejected_total\\{generation=\"tinymq\",reason=\"malformed-body\"\\} ");
		}
	}

	private ActuatorClient actuator() {
		return new ActuatorClient(this.httpPort);
	}

}
