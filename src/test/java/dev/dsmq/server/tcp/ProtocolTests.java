package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * The dsmq protocol as a dsmq client sees it, over real sockets.
 */
@SpringBootTest(properties = "dsmq.port=0")
class ProtocolTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	@Test
	void readerGetsWhatWriterPut() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			writer.put("greetings", "hello");
			assertThat(reader.getWait("greetings", 1000)).isEqualTo("hello");
		}
	}

	@Test
	void getReturnsEmptyStringWhenTopicHasNoNewMessages() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "get", "topic", "empty-topic"));
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void getAfterPutOnTheSameConnectionSeesThatMessage() {
		try (DsmqTestClient client = connect()) {
			client.put("own", "mine");
			assertThat(client.get("own")).isEqualTo("mine");
			assertThat(client.get("own")).isEmpty();
		}
	}

	@Test
	void pollingReceivesMessagePutWhileWaiting() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			assertThat(reader.get("polled")).isEmpty();
			CompletableFuture<String> polled = CompletableFuture.supplyAsync(() -> reader.getWait("polled", 100_000));
			writer.put("polled", "arrived");
			assertThat(polled.join()).isEqualTo("arrived");
		}
	}

	@Test
	void getLatestReturnsNewestMessageAndMakesOlderOnesIneligible() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			writer.put("latest", "a");
			writer.put("latest", "b");
			writer.put("latest", "c");
			assertThat(writer.get("latest")).isEqualTo("a");
			assertThat(reader.getLatest("latest")).isEqualTo("c");
			assertThat(reader.get("latest")).isEmpty();
			assertThat(reader.getLatest("latest")).isEmpty();
			writer.put("latest", "d");
			assertThat(reader.getWait("latest", 1000)).isEqualTo("d");
		}
	}

	@Test
	void topicsAreIndependent() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			writer.put("apples", "a1");
			writer.put("pears", "p1");
			writer.put("apples", "a2");
			// puts have no reply; a read on the same connection after them proves all three were stored
			assertThat(writer.getLatest("apples")).isEqualTo("a2");
			assertThat(reader.getWait("pears", 1000)).isEqualTo("p1");
			assertThat(reader.get("pears")).isEmpty();
			assertThat(reader.get("apples")).isEqualTo("a1");
			assertThat(reader.get("apples")).isEqualTo("a2");
		}
	}

	@Test
	void readerDoesNotSeeMessagesPutBeforeItConnected() {
		try (DsmqTestClient writer = connect()) {
			writer.put("history", "before");
			assertThat(writer.get("history")).isEqualTo("before");
			try (DsmqTestClient reader = connect()) {
				assertThat(reader.get("history")).isEmpty();
				writer.put("history", "after");
				assertThat(reader.getWait("history", 1000)).isEqualTo("after");
			}
		}
	}

	@Test
	void twoWritersKeepTheirOwnOrder() {
		try (DsmqTestClient reader = connect(); DsmqTestClient first = connect(); DsmqTestClient second = connect()) {
			for (int i = 0; i < 200; i++) {
				first.put("shared", "first-" + i);
				second.put("shared", "second-" + i);
			}
			List<String> received = readAll(reader, "shared", 400);
			assertThat(received.stream().filter((m) -> m.startsWith("first-")))
				.containsExactlyElementsOf(numbered("first-", 200));
			assertThat(received.stream().filter((m) -> m.startsWith("second-")))
				.containsExactlyElementsOf(numbered("second-", 200));
		}
	}

	@Test
	void twoReadersBothSeeEveryMessage() {
		try (DsmqTestClient one = connect(); DsmqTestClient two = connect(); DsmqTestClient writer = connect()) {
			numbered("m", 100).forEach((message) -> writer.put("broadcast", message));
			assertThat(readAll(one, "broadcast", 100)).containsExactlyElementsOf(numbered("m", 100));
			assertThat(readAll(two, "broadcast", 100)).containsExactlyElementsOf(numbered("m", 100));
		}
	}

	@Test
	void fastWriterDoesNotStarveReader() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			CompletableFuture<Void> flood = CompletableFuture
				.runAsync(() -> writer.sendRaw(puts("flood", numbered("w", 20_000))));
			assertThat(readAll(reader, "flood", 20_000)).containsExactlyElementsOf(numbered("w", 20_000));
			flood.join();
		}
	}

	@Test
	void fastReaderDoesNotStarveWriter() {
		try (DsmqTestClient spinner = connect(); DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			CompletableFuture<List<String>> spinning = CompletableFuture
				.supplyAsync(() -> readAll(spinner, "busy", 1000));
			numbered("b", 1000).forEach((message) -> writer.put("busy", message));
			assertThat(readAll(reader, "busy", 1000)).containsExactlyElementsOf(numbered("b", 1000));
			assertThat(spinning.join()).containsExactlyElementsOf(numbered("b", 1000));
		}
	}

	@Test
	void pipelinedPutsInOneWriteAllArriveInOrder() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			writer.sendRaw(puts("pipelined", numbered("p", 10_000)));
			assertThat(readAll(reader, "pipelined", 10_000)).containsExactlyElementsOf(numbered("p", 10_000));
		}
	}

	@Test
	void requestsOfEachConnectionAreHandledInOrderUnderConcurrentLoad() {
		int connections = 4;
		int rounds = 2000;
		List<CompletableFuture<List<String>>> results = new ArrayList<>();
		for (int c = 0; c < connections; c++) {
			String topic = "load-" + c;
			results.add(CompletableFuture.supplyAsync(() -> {
				try (DsmqTestClient client = connect()) {
					ByteArrayOutputStream requests = new ByteArrayOutputStream();
					for (int i = 0; i < rounds; i++) {
						requests.writeBytes(DsmqTestClient
							.frame(Map.of("action", "put", "topic", topic, "message", String.valueOf(i))));
						requests.writeBytes(DsmqTestClient.frame(Map.of("action", "get", "topic", topic)));
					}
					client.sendRaw(requests.toByteArray());
					return IntStream.range(0, rounds).mapToObj((i) -> (String) client.readReply().get("message")).toList();
				}
			}));
		}
		List<String> expected = IntStream.range(0, rounds).mapToObj(String::valueOf).toList();
		results.forEach((result) -> assertThat(result.join()).containsExactlyElementsOf(expected));
	}

	@Test
	void frameSentOneByteAtATimeIsReassembled() {
		try (DsmqTestClient client = connect()) {
			for (byte b : DsmqTestClient.frame(Map.of("action", "put", "topic", "dribble", "message", "slowly"))) {
				client.sendRaw(new byte[] { b });
			}
			for (byte b : DsmqTestClient.frame(Map.of("action", "get", "topic", "dribble"))) {
				client.sendRaw(new byte[] { b });
			}
			assertThat(client.readReply()).containsEntry("message", "slowly");
		}
	}

	static List<String> numbered(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i).toList();
	}

	static byte[] puts(String topic, List<String> messages) {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		messages.forEach((message) -> frames
			.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", topic, "message", message))));
		return frames.toByteArray();
	}

	/**
	 * Read with {@code get} until the given number of messages has arrived. The deadline only turns a lost message
	 * into a failure instead of a hang.
	 */
	static List<String> readAll(DsmqTestClient reader, String topic, int count) {
		List<String> received = new ArrayList<>(count);
		long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
		while (received.size() < count) {
			assertThat(System.nanoTime()).as("%d of %d messages read before the deadline", received.size(), count)
				.isLessThan(deadline);
			String message = reader.get(topic);
			if (!message.isEmpty()) {
				received.add(message);
			}
		}
		return received;
	}

}
