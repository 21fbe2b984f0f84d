package dev.dsmq.cli;

import java.time.Duration;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code echo} when its server goes away: it says so, connects again when the server is back, and reads on after the
 * last message it printed; or, with {@code --no-reconnect}, ends as a script expects.
 */
class EchoReconnectTests {

	private static final Duration PATIENCE = Duration.ofSeconds(30);

	/** A server of this class alone, which the tests stop and start on its port. */
	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@AfterEach
	void serverIsBack() {
		server.start();
	}

	@Test
	void echoConnectsAgainWhenTheServerIsBackAndReadsOnAfterTheLastMessage() {
		Cli.Running echo = Cli.start(Cli.against(server, "echo", "--count=2", "restarted"));
		await().atMost(PATIENCE).until(() -> server.getWaitingReaderCount() == 1);
		put("before");
		await().atMost(PATIENCE).until(() -> echo.outSoFar().contains("before"));
		server.stop();
		await().atMost(PATIENCE).until(() -> echo.errSoFar().contains("dsmq: lost 127.0.0.1:" + server.getPort()));
		server.start();
		await().atMost(PATIENCE).until(() -> echo.errSoFar().contains("dsmq: reconnected to 127.0.0.1:"));
		await().atMost(PATIENCE).until(() -> server.getWaitingReaderCount() == 1);
		put("after");
		Cli.Result result = echo.join();
		assertThat(result.exitCode()).isZero();
		assertThat(result.lines()).containsExactly("before", "after");
		assertThat(result.err()).containsOnlyOnce("dsmq: lost").contains(", reading after ");
	}

	@Test
	void echoWithNoReconnectEndsWhenTheConnectionIsLost() {
		Cli.Running echo = Cli.start(Cli.against(server, "echo", "--no-reconnect", "given-up"));
		await().atMost(PATIENCE).until(() -> server.getWaitingReaderCount() == 1);
		server.stop();
		Cli.Result result = echo.join();
		assertThat(result.exitCode()).isEqualTo(69);
		assertThat(result.err()).startsWith("dsmq: ").doesNotContain("reconnected").doesNotContain("Exception");
	}

	private static void put(String message) {
		try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
			writer.put("restarted", message);
		}
	}

}
