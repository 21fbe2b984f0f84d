package dev.dsmq.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code echo} and {@code hz}, which follow a topic, against a real server.
 */
class EchoHzTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@Test
	void echoAfterZeroPrintsTheHeldMessagesThenStopsAtItsCount() {
		Cli.run(Cli.against(server, "put", "held", "a"));
		Cli.run(Cli.against(server, "put", "held", "b"));
		Cli.run(Cli.against(server, "put", "held", "c"));
		Cli.Result echo = Cli.run(Cli.against(server, "echo", "--after=0", "--count=2", "held"));
		assertThat(echo.exitCode()).isZero();
		assertThat(echo.lines()).containsExactly("a", "b");
	}

	@Test
	void echoFollowsMessagesPutAfterItStarted() {
		CompletableFuture<Cli.Result> echo = CompletableFuture
			.supplyAsync(() -> Cli.run(Cli.against(server, "echo", "--count=3", "--json", "followed")));
		await().atMost(Duration.ofSeconds(10)).until(() -> server.getWaitingReaderCount() == 1);
		try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
			writer.put("followed", "1");
			writer.put("followed", "2");
			writer.put("followed", "3");
		}
		Cli.Result result = echo.join();
		assertThat(result.exitCode()).isZero();
		assertThat(result.lines()).hasSize(3);
		assertThat(result.lines().stream().map(Json::parse).map((line) -> line.get("message").stringValue()))
			.containsExactly("1", "2", "3");
		assertThat(result.lines().stream().map(Json::parse).mapToLong((line) -> line.get("seq").asLong()).toArray())
			.isSorted();
	}

	@Test
	void echoStopsWhenItsDurationIsUp() {
		Cli.Result echo = Cli.run(Cli.against(server, "echo", "--duration=0.2", "quiet"));
		assertThat(echo.exitCode()).isZero();
		assertThat(echo.out()).isEmpty();
	}

	@Test
	void hzPrintsTheRateAndIntervalsOfTheMessagesItReceived() {
		CompletableFuture<Cli.Result> hz = CompletableFuture
			.supplyAsync(() -> Cli.run(Cli.against(server, "hz", "--count=5", "measured")));
		await().atMost(Duration.ofSeconds(10)).until(() -> server.getWaitingReaderCount() == 1);
		try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
			for (int i = 0; i < 5; i++) {
				writer.put("measured", "m" + i);
			}
		}
		Cli.Result result = hz.join();
		assertThat(result.exitCode()).isZero();
		assertThat(result.out()).containsPattern("average rate: [0-9.]+\\R\tmin: [0-9.]+s max: [0-9.]+s "
				+ "std dev: [0-9.]+s window: 4\\R$");
	}

	@Test
	void hzWithAWindowOfNoIntervalsIsAUsageError() {
		Cli.Result hz = Cli.run(Cli.against(server, "hz", "--window=0", "measured"));
		assertThat(hz.exitCode()).isEqualTo(2);
		assertThat(hz.err()).contains("window of 0 intervals");
	}

	@Test
	void benchPutsAndGetsEveryMessageAndPrintsItsFigures() {
		Cli.Result bench = Cli.run(Cli.against(server, "bench", "--count=200", "--size=10"));
		assertThat(bench.exitCode()).isZero();
		assertThat(bench.lines()).hasSize(2);
		assertThat(bench.lines().get(0))
			.matches("put  200 messages of 10 bytes, 100 in flight: [0-9]+ messages/s, round trip p50 [0-9.]+ ms, "
					+ "p99 [0-9.]+ ms");
		assertThat(bench.lines().get(1)).startsWith("get  200 of 200 messages, 100 in flight: ");
	}

}
