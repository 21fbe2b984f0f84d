package dev.dsmq.client;

import java.time.Duration;

import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * A client outlives a server restart: requests fail while it is gone and succeed once it is back on the same port.
 */
class ReconnectTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@Test
	void clientReconnectsAfterTheServerRestarts() {
		int port = server.getPort();
		try (DsmqClient writer = client(port); DsmqClient reader = client(port)) {
			reader.connect();
			writer.put("restart", "before");
			assertThat(reader.getString("restart")).contains("before");

			server.stop();
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(() -> reader.get("restart"));

			server.start();
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
