package dev.dsmq.test;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @EmbeddedDsmq} on a plain JUnit test class: a real server for the class, handed to the tests that ask.
 */
@EmbeddedDsmq
class EmbeddedDsmqJUnitTests {

	private static EmbeddedDsmqServer serverOfTheClass;

	@BeforeAll
	static void rememberTheServer(EmbeddedDsmqServer server) {
		serverOfTheClass = server;
	}

	@Test
	void serverOfTheClassStoresAndServesMessagesOverItsPort(EmbeddedDsmqServer server) throws IOException {
		assertThat(server.isRunning()).isTrue();
		assertThat(server.getPort()).isPositive();
		try (FramedSocket reader = new FramedSocket(server.getHost(), server.getPort());
				FramedSocket writer = new FramedSocket(server.getHost(), server.getPort())) {
			// a reader sees what is put after it connected: its first get fixes that moment
			assertThat(reader.get("greetings")).isEqualTo("{\"message\": \"\"}");
			writer.put("greetings", "hello");
			// a put has no reply: the reader asks until the server has it
			await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("greetings"),
					(reply) -> reply.equals("{\"message\": \"hello\"}"));
		}
	}

	@Test
	void clientPropertiesPointAtTheServer(EmbeddedDsmqServer server) {
		assertThat(server.getClientProperties()).containsEntry("dsmq.client.host", "127.0.0.1")
			.containsEntry("dsmq.client.port", server.getPort());
	}

	@Nested
	class NestedTests {

		@Test
		void nestedClassSharesTheServerOfTheClassAroundIt(EmbeddedDsmqServer server) {
			assertThat(server).isSameAs(serverOfTheClass);
			assertThat(server.isRunning()).isTrue();
		}

	}

}
