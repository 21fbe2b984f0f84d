package dev.dsmq.server;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's meters, after real traffic, as Prometheus scrapes them and as {@code /actuator/metrics} lists them.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "dsmq.port=0")
class MetricsEndpointTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void prometheusScrapeShowsTheDsmqMetersAfterTraffic() throws Exception {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.put("scraped", "one");
			client.put("scraped", "two");
			assertThat(client.get("scraped")).isEqualTo("one");
			client.send(Map.of("action", "get"));
			assertThat(client.readReply()).containsKey("error");
			String scrape = actuator().body("/actuator/prometheus");
			// the context may be shared with other tests' traffic, so the values are at least this one's
			assertThat(scrape).containsPattern("(?m)^dsmq_messages_held [1-9]")
				.containsPattern("(?m)^dsmq_bytes_held_bytes [1-9]")
				.containsPattern("(?m)^dsmq_connections_open\\{generation=\"framed\"\\} [1-9]")
				.containsPattern("(?m)^dsmq_reads_waiting ")
				.containsPattern("(?m)^dsmq_requests_rejected_total\\{generation=\"framed\",reason=\"invalid-field\"\\} [1-9]")
				.containsPattern("(?m)^dsmq_messages_dropped_total\\{reason=\"byte-limit\"\\} ")
				.containsPattern("(?m)^dsmq_messages_expired_total ");
		}
	}

	@Test
	void metricsEndpointListsTheDsmqMeters() throws Exception {
		assertThat(actuator().body("/actuator/metrics")).contains("\"dsmq.messages.held\"", "\"dsmq.requests.rejected\"",
				"\"dsmq.connections.open\"");
	}

	private ActuatorClient actuator() {
		return new ActuatorClient(this.httpPort);
	}

}
