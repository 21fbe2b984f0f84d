package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * One protocol port for every generation: each connection's first bytes choose how it is read and answered.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.frame-timeout=500ms" })
class GenerationDetectionTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private Connections connections;

	@Test
	void framedRequestWhoseHeaderArrivesOneByteAtATimeIsFramed() {
		try (DsmqTestClient client = DsmqTestClient.connect(port())) {
			byte[] frame = DsmqTestClient.frame(Map.of("action", "get", "topic", "dribbled"));
			for (int i = 0; i < 16; i++) {
				client.sendRaw(new byte[] { frame[i] });
			}
			client.sendRaw(java.util.Arrays.copyOfRange(frame, 16, frame.length));
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void bareJsonObjectStartsDsmqZeroFour() {
		try (BareJsonClient client = BareJsonClient.connect(port())) {
			client.sendRaw("{");
			client.sendRaw("\"action\": \"get\", \"topic\": \"bare\"}");
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void firstBytesOfNoGenerationAreCountedAndClosedWithoutAReply() {
		double before = rejected("unknown-protocol", "unknown");
		try (BareJsonClient client = BareJsonClient.connect(port())) {
			client.sendRaw("HELO dsmq\r\n");
			assertThat(client.readToEnd()).isEmpty();
		}
		assertThat(rejected("unknown-protocol", "unknown") - before).isEqualTo(1);
	}

	@Test
	void httpRequestThatIsNotAGetIsNoGeneration() {
		double before = rejected("unknown-protocol", "unknown");
		try (BareJsonClient client = BareJsonClient.connect(port())) {
			client.sendRaw("POST / HTTP/1.1\r\n\r\n");
			assertThat(client.readToEnd()).isEmpty();
		}
		assertThat(rejected("unknown-protocol", "unknown") - before).isEqualTo(1);
	}

	@Test
	void firstBytesThatStopBeforeTheyTellAreClosedByTheFrameTimeout() {
		double before = rejected("frame-timeout", "unknown");
		try (BareJsonClient client = BareJsonClient.connect(port())) {
			client.sendRaw("{\"msg_len".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.readToEnd()).isEmpty();
		}
		assertThat(rejected("frame-timeout", "unknown") - before).isEqualTo(1);
	}

	@Test
	void eachConnectionIsCountedAndListedByItsGeneration() {
		try (BareJsonClient bare = BareJsonClient.connect(port());
				DsmqTestClient framed = DsmqTestClient.connect(port());
				BareJsonClient silent = BareJsonClient.connect(port())) {
			assertThat(bare.get("listed")).isEqualTo("");
			assertThat(framed.get("listed")).isEmpty();
			await().until(() -> open("headerless") >= 1 && open("framed") >= 1 && open("unknown") >= 1);
			assertThat(this.connections.connections()).extracting(OpenConnections.Summary::generation)
				.contains("headerless", "framed", "unknown");
			assertThat(this.connections.countsByGeneration()).containsOnlyKeys("headerless", "framed", "websocket",
					"tinymq", "unknown");
			assertThat(this.connections.countsByGeneration()).allSatisfy((generation, count) -> assertThat(count)
				.isGreaterThanOrEqualTo(generation.equals("websocket") || generation.equals("tinymq") ? 0 : 1));
		}
	}

	@Test
	void refusalsAreCountedByTheGenerationTheyCameIn() {
		double framedBefore = rejected("invalid-field", "framed");
		double bareBefore = rejected("invalid-field", "headerless");
		try (BareJsonClient bare = BareJsonClient.connect(port());
				DsmqTestClient framed = DsmqTestClient.connect(port())) {
			bare.send(Map.of("action", "get", "topic", 1));
			assertThat(bare.readReply()).containsKey("error");
			framed.send(Map.of("action", "get", "topic", 1));
			framed.send(Map.of("action", "get", "topic", 1));
			assertThat(framed.readReply()).containsKey("error");
			assertThat(framed.readReply()).containsKey("error");
		}
		assertThat(rejected("invalid-field", "headerless") - bareBefore).isEqualTo(1);
		assertThat(rejected("invalid-field", "framed") - framedBefore).isEqualTo(2);
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	private double open(String generation) {
		return this.meterRegistry.get("dsmq.connections.open").tag("generation", generation).gauge().value();
	}

	private double rejected(String reason, String generation) {
		Counter counter = this.meterRegistry.get("dsmq.requests.rejected")
			.tag("reason", reason)
			.tag("generation", generation)
			.counter();
		return counter.count();
	}

}
