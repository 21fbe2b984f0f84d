package dev.dsmq.client;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A client outlives a server restart: requests fail while it is gone and succeed once it is back on the same port.
 */
class ReconnectTests {

	private RealServer server = RealServer.start();

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void clientReconnectsAfterTheServerRestarts() {
		int port = this.server.port();
		try (DsmqClient writer = client(port); DsmqClient reader = client(port)) {
			reader.connect();
			writer.put("restart", "before");
			assertThat(reader.getString("restart")).contains("before");

			this.server.close();
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(() -> reader.get("restart"));

			this.server = RealServer.startOnPort(port);
			await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
				reader.connect();
				return true;
			});
			writer.put("restart", "after");
			assertThat(reader.getString("restart")).contains("after");
		}
	}

	private static DsmqClient client(int port) {
		return DsmqClient.builder()
			.port(port)
			.requestTimeout(Duration.ofSeconds(5))
			.reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(100))
			.build();
	}

}
