package dev.dsmq.server.tcp;

import java.time.Duration;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.MutableClock;
import dev.dsmq.server.queue.MutableClockConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Messages expire after the time to live, as a reader sees it, with the server's clock under the test's control.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.time-to-live=60s", "dsmq.purge-interval=50ms" })
@Import(MutableClockConfiguration.class)
class ExpiryTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MutableClock clock;

	@Autowired
	private MessageQueue queue;

	@Test
	void readerNoLongerGetsAnExpiredMessage() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			writer.put("ttl", "old");
			assertThat(writer.get("ttl")).isEqualTo("old");
			this.clock.advance(Duration.ofSeconds(30));
			writer.put("ttl", "new");
			assertThat(writer.get("ttl")).isEqualTo("new");
			this.clock.advance(Duration.ofSeconds(30));
			this.queue.purgeExpired();
			assertThat(reader.get("ttl")).isEqualTo("new");
			assertThat(reader.get("ttl")).isEmpty();
		}
	}

	@Test
	void scheduledPurgeDeletesExpiredMessages() {
		try (DsmqTestClient writer = connect()) {
			writer.put("scheduled", "short-lived");
			assertThat(writer.get("scheduled")).isEqualTo("short-lived");
			this.clock.advance(Duration.ofSeconds(61));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.queue.stats().messages() == 0);
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
