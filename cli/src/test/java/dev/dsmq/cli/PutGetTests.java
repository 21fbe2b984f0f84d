package dev.dsmq.cli;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code put} and {@code get} over real sockets against a real server.
 */
class PutGetTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@Test
	void putPrintsTheSequenceNumberAndGetAfterZeroReadsTheMessage() {
		Cli.Result put = Cli.run(Cli.against(server, "put", "greetings", "hello"));
		assertThat(put.exitCode()).isZero();
		assertThat(put.out().trim()).containsOnlyDigits();
		Cli.Result get = Cli.run(Cli.against(server, "get", "--after=0", "greetings"));
		assertThat(get.exitCode()).isZero();
		assertThat(get.out()).isEqualTo("hello" + System.lineSeparator());
	}

	@Test
	void getOfNothingPrintsNothingAndExitsOne() {
		Cli.Result get = Cli.run(Cli.against(server, "get", "--after=0", "never-put"));
		assertThat(get.exitCode()).isEqualTo(1);
		assertThat(get.out()).isEmpty();
		assertThat(get.err()).isEmpty();
	}

	@Test
	void getWithoutAfterReadsOnlyWhatIsPutAfterItConnected() {
		Cli.run(Cli.against(server, "put", "earlier", "before the get"));
		assertThat(Cli.run(Cli.against(server, "get", "earlier")).exitCode()).isEqualTo(1);
	}

	@Test
	void getLatestReadsTheNewestMessage() {
		Cli.run(Cli.against(server, "put", "latest", "old"));
		Cli.run(Cli.against(server, "put", "latest", "new"));
		assertThat(Cli.run(Cli.against(server, "get", "--latest", "--after=0", "latest")).out().trim())
			.isEqualTo("new");
	}

	@Test
	void getAfterASequenceNumberReadsTheMessageAfterIt() {
		long first = Long.parseLong(Cli.run(Cli.against(server, "put", "after", "first")).out().trim());
		Cli.run(Cli.against(server, "put", "after", "second"));
		assertThat(Cli.run(Cli.against(server, "get", "--after=" + first, "after")).out().trim()).isEqualTo("second");
	}

	@Test
	void getWaitReceivesAMessagePutWhileItWaits() {
		CompletableFuture<Cli.Result> get = CompletableFuture
			.supplyAsync(() -> Cli.run(Cli.against(server, "get", "--wait=30", "waited")));
		await().atMost(Duration.ofSeconds(10)).until(() -> server.getWaitingReaderCount() == 1);
		try (DsmqClient writer = DsmqClient.builder().port(server.getPort()).build()) {
			writer.put("waited", "worth the wait");
		}
		Cli.Result result = get.join();
		assertThat(result.exitCode()).isZero();
		assertThat(result.out().trim()).isEqualTo("worth the wait");
	}

	@Test
	void putOfStandardInputPutsEachNonEmptyLineInOrder() {
		Cli.Result put = Cli.runWithInput("one\ntwo\n\nthree\r\n", Cli.against(server, "put", "lines", "-"));
		assertThat(put.exitCode()).isZero();
		assertThat(put.lines()).hasSize(3);
		long[] seqs = put.lines().stream().mapToLong(Long::parseLong).toArray();
		assertThat(seqs).isSorted();
		try (DsmqClient reader = DsmqClient.builder().port(server.getPort()).build()) {
			assertThat(reader.receive("lines", dev.dsmq.client.ReadOptions.oldest().after(0)))
				.hasValueSatisfying((message) -> assertThat(message.text()).isEqualTo("one"));
			assertThat(reader.getString("lines")).hasValue("two");
			assertThat(reader.getString("lines")).hasValue("three");
			assertThat(reader.getString("lines")).isEmpty();
		}
	}

	@Test
	void putOfWholeStandardInputPutsItAsOneMessageByteForByte() {
		Cli.runWithInput("line one\nline two\n", Cli.against(server, "put", "--whole", "whole", "-"));
		Cli.Result get = Cli.run(Cli.against(server, "get", "--after=0", "--json", "whole"));
		assertThat(Json.parse(get.out()).get("message").stringValue()).isEqualTo("line one\nline two\n");
	}

	@Test
	void putJsonPutsTheValueAndGetJsonPrintsItWithItsMetadata() {
		long seq = Long.parseLong(Cli.run(Cli.against(server, "put", "--json", "--header=traceparent=00-abc-01",
				"orders", "{\"id\":\"o-1\",\"items\":2}")).out().trim());
		Cli.Result get = Cli.run(Cli.against(server, "get", "--after=0", "--json", "orders"));
		JsonNode line = Json.parse(get.out());
		assertThat(line.get("topic").stringValue()).isEqualTo("orders");
		assertThat(line.get("seq").asLong()).isEqualTo(seq);
		assertThat(line.get("sent").isNumber()).isTrue();
		assertThat(line.get("sent").asDouble()).isCloseTo(System.currentTimeMillis() / 1000.0,
				org.assertj.core.data.Offset.offset(60.0));
		assertThat(line.get("headers").get("traceparent").stringValue()).isEqualTo("00-abc-01");
		assertThat(line.get("message").get("items").asInt()).isEqualTo(2);
	}

	@Test
	void putJsonOfSomethingThatIsNotJsonIsAUsageError() {
		Cli.Result put = Cli.run(Cli.against(server, "put", "--json", "bad-json", "{oops"));
		assertThat(put.exitCode()).isEqualTo(2);
		assertThat(put.err()).startsWith("dsmq: '{oops' is not JSON").doesNotContain("at dev.dsmq");
	}

}
