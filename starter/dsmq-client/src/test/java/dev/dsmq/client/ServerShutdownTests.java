package dev.dsmq.client;

import java.time.Duration;

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
		try (RealServer server = RealServer.onFreePort().start(); DsmqClient client = server.client()) {
			client.shutdownServer();
			await().atMost(Duration.ofSeconds(30)).until(() -> !server.isRunning());
			assertThat(server.isRunning()).isFalse();
		}
	}

	@Test
	void shutdownRefusedByPolicyThrowsWithTheServersReason() {
		try (RealServer server = RealServer.onFreePort("dsmq.shutdown-policy=never").start();
				DsmqClient client = server.client()) {
			assertThatExceptionOfType(DsmqRefusedException.class).isThrownBy(client::shutdownServer)
				.satisfies((ex) -> assertThat(ex.getReason()).isNotBlank())
				.withMessageContaining("shutdown refused by 127.0.0.1:" + server.port());
			assertThat(server.isRunning()).isTrue();
		}
	}

}
