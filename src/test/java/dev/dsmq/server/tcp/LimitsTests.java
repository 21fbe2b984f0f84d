package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Configured limits are enforced on the wire.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-body-size=1KB", "dsmq.max-wait=100ms" })
class LimitsTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void bodyAtTheLimitIsAccepted() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.sendRaw(DsmqTestClient.frame(putOfSize(1024)));
			assertThat(client.get("limit")).hasSize(1024 - putOfSize(0).length);
		}
	}

	@Test
	void bodyOverTheLimitGetsErrorFrameNamingBothSizesThenClose() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.sendRaw(DsmqTestClient.frame(putOfSize(1025)));
			assertThat(client.readReply()).containsEntry("error", "body of 1025 bytes exceeds the 1024-byte limit");
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(TestMeters.rejected(this.meterRegistry, "body-too-large"))
			.isEqualTo(1);
	}

	@Test
	void waitLongerThanTheMaximumIsCutToIt() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.send(Map.of("action", "get", "topic", "long-poll", "wait", 3600, "id", "w"));
			assertThat(client.readReply()).containsExactly(entry("id", "w"));
		}
	}

	private static byte[] putOfSize(int size) {
		String envelope = "{\"action\": \"put\", \"topic\": \"limit\", \"message\": \"\"}";
		String message = "x".repeat(Math.max(0, size - envelope.length()));
		return envelope.replace("\"\"}", "\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
	}

}
