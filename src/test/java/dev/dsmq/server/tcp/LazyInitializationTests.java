package dev.dsmq.server.tcp;

import java.time.Duration;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.queue.MutableClock;
import dev.dsmq.server.queue.MutableClockConfiguration;
import dev.dsmq.server.queue.QueueService;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With Spring Boot's lazy initialisation switched on, the server still listens, serves and purges.
 */
@SpringBootTest(properties = { "spring.main.lazy-initialization=true", "dsmq.port=0", "dsmq.time-to-live=60s",
		"dsmq.purge-interval=50ms" })
@Import(MutableClockConfiguration.class)
class LazyInitializationTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MutableClock clock;

	@Autowired
	private QueueService queue;

	@Test
	void serverServesAndPurgesWithLazyInitialization() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.put("lazy", "served");
			assertThat(client.get("lazy")).isEqualTo("served");
			this.clock.advance(Duration.ofSeconds(61));
			await().atMost(Duration.ofSeconds(30)).until(() -> this.queue.stats().messages() == 0);
		}
	}

}
