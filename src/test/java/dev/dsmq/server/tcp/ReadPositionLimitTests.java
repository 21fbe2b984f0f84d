package dev.dsmq.server.tcp;

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
 * {@code dsmq.max-read-positions}: a connection that reads from more topics than it may keep positions in is refused
 * the read of one more, and goes on reading the others; no message is delivered twice or skipped.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-read-positions=2" })
class ReadPositionLimitTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void aReadOfOneTopicTooManyIsRefusedAndTheConnectionGoesOn() {
		double before = TestMeters.rejected(this.meterRegistry, "too-many-read-positions");
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			for (String topic : new String[] { "p1", "p2", "p3" }) {
				writer.put(topic, topic + "-a");
				writer.put(topic, topic + "-b");
			}
			assertThat(writer.getLatest("p3")).isEqualTo("p3-b");
			assertThat(reader.get("p1")).isEqualTo("p1-a");
			assertThat(reader.get("p2")).isEqualTo("p2-a");
			reader.send(Map.of("action", "get", "topic", "p3", "id", 7));
			assertThat(reader.readReply()).containsExactly(entry("id", 7), entry("error",
					"this connection keeps read positions in 2 topics that hold messages, the most it may "
							+ "(dsmq.max-read-positions)"));
			assertThat(reader.get("p1")).isEqualTo("p1-b");
			assertThat(reader.get("p2")).isEqualTo("p2-b");
			assertThat(reader.get("p1")).isEmpty();
		}
		assertThat(TestMeters.rejected(this.meterRegistry, "too-many-read-positions")).isEqualTo(before + 1);
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
