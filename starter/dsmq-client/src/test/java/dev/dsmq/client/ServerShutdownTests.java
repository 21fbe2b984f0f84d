package dev.dsmq.client;

import java.time.Duration;

import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The {@code shutdown} action, acknowledged or refused by the server's policy.
 */
class ServerShutdownTests {

	@Test
	void shutdownServerReturnsOnceTheServerAgreedAndTheServerStops() {
		try (EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort().start();
				DsmqClient client = TestClients.of(server)) {
			client.shutdownServer();
			await().atMost(Duration.ofSeconds(30)).until(() -> !server.isRunning());
			assertThat(server.isRunning()).isFalse();
		}
	}

	@Test
	void shutdownRefusedByPolicyThrowsWithTheServersReason() {
		try (EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.shutdown-policy=never").start();
				DsmqClient client = TestClients.of(server)) {
			assertThatExceptionOfType(DsmqRefusedException.class).isThrownBy(client::shutdownServer)
				.satisfies((ex) -> assertThat(ex.getReason()).isNotBlank())
				.withMessageContaining("shutdown refused by 127.0.0.1:" + server.getPort());
			assertThat(server.isRunning()).isTrue();
		}
	}

}
