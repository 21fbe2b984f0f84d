package dev.dsmq.server.tcp;

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
 * {@code dsmq.idle-timeout}: a connection silent for that long is told why and closed.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.idle-timeout=300ms" })
class IdleTimeoutTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void connectionSilentForTheIdleTimeoutGetsAnErrorFrameAndIsClosed() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			assertThat(client.get("idle")).isEmpty();
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "no request for 300 ms (dsmq.idle-timeout)"));
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(TestMeters.rejected(this.meterRegistry, "idle-timeout"))
			.isEqualTo(1);
	}

}
