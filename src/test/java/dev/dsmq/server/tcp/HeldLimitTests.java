package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
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
			assertThat(this.meterRegistry.get("dsmq.bytes.held").gauge().value()).isLessThanOrEqualTo(64 * 1024);
			// 102 bytes a message: 642 fit in 64 KiB
			assertThat(this.meterRegistry.get("dsmq.messages.held").gauge().value()).isLessThanOrEqualTo(642);
			assertThat(this.meterRegistry.get("dsmq.messages.dropped").tag("reason", "byte-limit").functionCounter()
				.count()).isPositive();
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
