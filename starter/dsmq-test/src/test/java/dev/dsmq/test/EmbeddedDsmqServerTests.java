package dev.dsmq.test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * An {@link EmbeddedDsmqServer} registered as an extension: it runs for the class, and stops and starts again on
 * the same port, empty.
 */
class EmbeddedDsmqServerTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.time-to-live=30s");

	@Test
	void serverStoppedAndStartedAgainListensOnTheSamePort() throws IOException {
		int port = server.getPort();
		server.stop();
		assertThat(server.isRunning()).isFalse();
		// the listener's socket closes as the server drains, maybe a moment after stop() returns
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> new Socket(server.getHost(), port).close()));
		server.start();
		assertThat(server.getPort()).isEqualTo(port);
		try (FramedSocket reader = new FramedSocket(server.getHost(), port);
				FramedSocket writer = new FramedSocket(server.getHost(), port)) {
			reader.get("t");
			writer.put("t", "after");
			await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("t"),
					(reply) -> reply.equals("{\"message\": \"after\"}"));
		}
	}

	@Test
	void messagesPutBeforeARestartAreGone() throws IOException {
		try (FramedSocket writer = new FramedSocket(server.getHost(), server.getPort())) {
			writer.put("r", "kept until the restart");
			await().atMost(Duration.ofSeconds(10)).until(() -> heldMessages() > 0);
		}
		server.stop();
		server.start();
		assertThat(heldMessages()).isZero();
	}

	private static long heldMessages() {
		return server.getMessageCount();
	}

	@Test
	void nothingOfTheServerIsOnTheTestsClassPath() {
		assertThat(server.isRunning()).isTrue();
		for (String name : new String[] { "dev.dsmq.server.DsmqApplication", "org.sqlite.JDBC",
				"org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory" }) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> Class.forName(name, false, getClass().getClassLoader()));
		}
	}

	@Test
	void propertiesThatAreNotNameEqualsValueAreRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedDsmqServer.onFreePort("dsmq.port"))
			.withMessageContaining("name=value");
		assertThatIllegalArgumentException().isThrownBy(() -> EmbeddedDsmqServer.onPort(70000))
			.withMessageContaining("70000");
	}

}
