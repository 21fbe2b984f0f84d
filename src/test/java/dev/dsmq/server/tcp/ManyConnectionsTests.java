package dev.dsmq.server.tcp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * Thousands of connections open at once are each served, and thousands of reads waiting at once are each answered.
 * The connection after them is refused by {@code dsmq.max-connections}.
 * <p>
 * The server gives each connection a thread (a platform thread on JDK 17) and the test a socket each, so the JVM
 * needs about 4,000 file descriptors ({@code ulimit -n}) and on JDK 17 2,000 threads beyond its own.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-connections=2001" })
class ManyConnectionsTests {

	private static final int CONNECTIONS = 2_000;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void twoThousandConcurrentConnectionsAreAllAnsweredAndNoneSeesOlderMessages() {
		int openBefore = openConnections();
		List<DsmqTestClient> clients = new ArrayList<>(CONNECTIONS);
		try (DsmqTestClient writer = connect()) {
			writer.put("crowd", "put before the crowd connected");
			assertThat(writer.get("crowd")).isEqualTo("put before the crowd connected");
			for (int i = 0; i < CONNECTIONS; i++) {
				clients.add(connect());
			}
			byte[] get = DsmqTestClient.frame(Map.of("action", "get", "topic", "crowd"));
			clients.forEach((client) -> client.sendRaw(get));
			int answered = 0;
			for (DsmqTestClient client : clients) {
				assertThat(client.readReply()).containsExactly(entry("message", ""));
				answered++;
			}
			assertThat(answered).isEqualTo(CONNECTIONS);
			// the writer and the crowd fill dsmq.max-connections
			try (DsmqTestClient oneTooMany = connect()) {
				oneTooMany.sendRaw(get);
				assertThat(oneTooMany.readReply()).containsEntry("error",
						"too many connections: the server serves at most 2001 at a time (dsmq.max-connections)");
				assertThat(oneTooMany.isClosedByServer()).isTrue();
			}
		}
		finally {
			clients.forEach(DsmqTestClient::close);
		}
		await().untilAsserted(() -> assertThat(openConnections()).isLessThanOrEqualTo(openBefore));
	}

	@Test
	void twoThousandReadsWaitingAtOnceAreAllAnsweredByOnePut() {
		int openBefore = openConnections();
		List<DsmqTestClient> clients = new ArrayList<>(CONNECTIONS);
		try {
			byte[] wait = DsmqTestClient.frame(Map.of("action", "get", "topic", "awaited", "wait", 60));
			for (int i = 0; i < CONNECTIONS - 1; i++) {
				DsmqTestClient client = connect();
				client.sendRaw(wait);
				clients.add(client);
			}
			await().atMost(Duration.ofSeconds(60))
				.until(() -> this.meterRegistry.get("dsmq.reads.waiting").gauge().value() == CONNECTIONS - 1);
			try (DsmqTestClient writer = connect()) {
				writer.put("awaited", "for everyone");
			}
			for (DsmqTestClient client : clients) {
				assertThat(client.readReply()).containsExactly(entry("message", "for everyone"));
			}
			assertThat(this.meterRegistry.get("dsmq.reads.waiting").gauge().value()).isZero();
		}
		finally {
			clients.forEach(DsmqTestClient::close);
		}
		await().untilAsserted(() -> assertThat(openConnections()).isLessThanOrEqualTo(openBefore));
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	private int openConnections() {
		return this.connectionFactory.getOpenConnectionIds().size();
	}

}
