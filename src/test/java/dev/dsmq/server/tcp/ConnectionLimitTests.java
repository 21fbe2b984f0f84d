package dev.dsmq.server.tcp;

import java.util.ArrayList;
import java.util.List;
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
import static org.awaitility.Awaitility.await;

/**
 * {@code dsmq.max-connections}: connections over the limit are answered with an error frame and closed.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-connections=3" })
class ConnectionLimitTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void connectionOverTheLimitGetsAnErrorFrameAtItsFirstRequestAndIsClosedWhileTheOthersAreServed() {
		List<DsmqTestClient> admitted = new ArrayList<>();
		try {
			for (int i = 0; i < 3; i++) {
				DsmqTestClient client = connect();
				admitted.add(client);
				assertThat(client.get("limit")).isEmpty();
			}
			try (DsmqTestClient refused = connect()) {
				// the server answers in the client's generation, which its first bytes tell
				refused.send(Map.of("action", "get", "topic", "limit"));
				assertThat(refused.readReply()).containsExactly(entry("message", ""), entry("error",
						"too many connections: the server serves at most 3 at a time (dsmq.max-connections)"));
				assertThat(refused.isClosedByServer()).isTrue();
			}
			assertThat(TestMeters.rejected(this.meterRegistry, "too-many-connections")).isEqualTo(1);
			for (DsmqTestClient client : admitted) {
				assertThat(client.get("limit")).isEmpty();
			}
			admitted.remove(0).close();
			await().until(() -> TestMeters.openConnections(this.meterRegistry) == 2);
			try (DsmqTestClient next = connect()) {
				assertThat(next.get("limit")).isEmpty();
			}
		}
		finally {
			admitted.forEach(DsmqTestClient::close);
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
