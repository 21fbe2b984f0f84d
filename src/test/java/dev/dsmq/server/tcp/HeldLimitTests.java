package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.queue.Costs;
import dev.dsmq.server.queue.QueueService;
import dev.dsmq.server.queue.StoredMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsmq.max-held-bytes}: a flood makes room by dropping the oldest messages, and the newest is always
 * readable.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-held-bytes=64KB" })
class HeldLimitTests {

	private static final int FLOOD = 5_000;

	private static final long LIMIT = 64 * 1024;

	private static final int TOPICS = 200;

	@Autowired
	private QueueService queue;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void floodLargerThanTheByteLimitKeepsTheServerWithinItAndTheNewestMessageReadable() {
		try (DsmqTestClient reader = connect(); DsmqTestClient flooder = connect()) {
			assertThat(reader.get("flood")).isEmpty();
			ByteArrayOutputStream flood = new ByteArrayOutputStream();
			for (int i = 0; i < FLOOD; i++) {
				flood.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "flood", "message",
						String.format("%05d", i) + "x".repeat(95))));
			}
			flooder.sendRaw(flood.toByteArray());
			String newest = String.format("%05d", FLOOD - 1) + "x".repeat(95);
			assertThat(flooder.getLatest("flood")).isEqualTo(newest);
			assertThat(reader.getLatest("flood")).isEqualTo(newest);
			assertThat(this.meterRegistry.get("dsmq.bytes.held").gauge().value()).isLessThanOrEqualTo(LIMIT);
			// 102 bytes a message and what it costs the store besides: 391 fit in 64 KiB with their topic
			assertThat(this.meterRegistry.get("dsmq.messages.held").gauge().value())
				.isLessThanOrEqualTo((LIMIT - Costs.topic("flood")) / Costs.message(102));
			assertThat(this.meterRegistry.get("dsmq.messages.dropped").tag("reason", "byte-limit").functionCounter()
				.count()).isPositive();
		}
	}

	@Test
	void topicsWithLongNamesAreDroppedOldestFirstOnceTheirNamesFillTheByteLimit() {
		try (DsmqTestClient client = connect()) {
			ByteArrayOutputStream puts = new ByteArrayOutputStream();
			for (int i = 0; i < TOPICS; i++) {
				puts.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", named(i), "message", "m")));
			}
			client.sendRaw(puts.toByteArray());
			assertThat(client.getLatest(named(TOPICS - 1))).isEqualTo("m");
			assertThat(this.meterRegistry.get("dsmq.bytes.held").gauge().value()).isLessThanOrEqualTo(LIMIT);
			long fit = LIMIT / (Costs.topic(named(0)) + Costs.message(3));
			// the flood of the other test may have left a message or two in a topic of its own
			assertThat(this.queue.topics(0, TOPICS + 1).stream().filter((topic) -> topic.name().endsWith("n")))
				.hasSizeBetween(1, (int) fit);
			assertThat(this.queue.next(named(0), 0)).isEmpty();
			assertThat(this.queue.latest(named(TOPICS - 1), 0).map(StoredMessage::body))
				.hasValue("\"m\"".getBytes(StandardCharsets.UTF_8));
		}
	}

	private static String named(int i) {
		return String.format("%05d", i) + "n".repeat(95);
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
