package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener outlives a server restart: its loop backs off while the server is gone and reconnects when it is back.
 */
class ListenerReconnectTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@Test
	void listenerReceivesMessagesPutAfterTheServerRestarts() {
		int port = server.getPort();
		TestRunners.against(server)
			.withUserConfiguration(Listener.class)
			.withPropertyValues("dsmq.client.listener.wait=2s",
					"dsmq.client.reconnect.initial-backoff=10ms", "dsmq.client.reconnect.max-backoff=200ms")
			.run((context) -> {
				Listener listener = context.getBean(Listener.class);
				putUntilReceived(port, "before", listener);
				server.stop();
				server.start();
				putUntilReceived(port, "after", listener);
				assertThat(listener.received).startsWith("before").endsWith("after");
			});
	}

	/**
	 * Put until the listener has the message: after a restart, messages put before it reconnected are not seen.
	 */
	private static void putUntilReceived(int port, String message, Listener listener) {
		await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
			try (DsmqClient writer = DsmqClient.builder().port(port).build()) {
				writer.put("restarts", message);
			}
			return listener.received.contains(message);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Listener {

		final List<String> received = new CopyOnWriteArrayList<>();

		@DsmqListener(topic = "restarts")
		void receive(String message) {
			this.received.add(message);
		}

	}

}
