package dev.dsmq.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation against a real server, over real sockets.
 */
class DsmqClientTests {

	private static final AtomicInteger topics = new AtomicInteger();

	private static final JsonMapper exact = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private static RealServer server;

	private DsmqClient reader;

	private DsmqClient writer;

	private String topic;

	@BeforeAll
	static void startServer() {
		server = RealServer.start();
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@BeforeEach
	void connect() {
		this.reader = server.client();
		this.reader.connect();
		this.writer = server.client();
		this.topic = "topic-" + topics.incrementAndGet();
	}

	@AfterEach
	void close() {
		this.reader.close();
		this.writer.close();
	}

	@Test
	void acknowledgedPutIsReadByAnotherConnection() {
		this.writer.put(this.topic, "hello");
		assertThat(this.reader.getString(this.topic)).contains("hello");
	}

	@Test
	void getReturnsEmptyWhenNothingIsEligible() {
		assertThat(this.reader.get(this.topic)).isEmpty();
	}

	@Test
	void emptyStringMessageIsToldApartFromNothing() {
		this.writer.put(this.topic, "");
		assertThat(this.reader.getString(this.topic)).contains("");
		assertThat(this.reader.getString(this.topic)).isEmpty();
	}

	@Test
	void getReturnsMessagesFirstInFirstOut() {
		this.writer.put(this.topic, "first");
		this.writer.put(this.topic, "second");
		assertThat(this.reader.getString(this.topic)).contains("first");
		assertThat(this.reader.getString(this.topic)).contains("second");
	}

	@Test
	void getLatestSkipsOlderMessages() {
		this.writer.put(this.topic, "old");
		this.writer.put(this.topic, "new");
		assertThat(this.reader.getLatest(this.topic)).map(JsonNode::stringValue).contains("new");
		assertThat(this.reader.get(this.topic)).isEmpty();
	}

	@Test
	void unacknowledgedPutIsSeenByALaterGetOnTheSameConnection() {
		this.writer.putUnacknowledged(this.topic, "fire and forget");
		this.writer.get(this.topic);
		assertThat(this.reader.getString(this.topic)).contains("fire and forget");
	}

	@Test
	void connectionNeverSeesMessagesPutBeforeItConnected() {
		this.writer.put(this.topic, "too early");
		try (DsmqClient late = server.client()) {
			assertThat(late.get(this.topic)).isEmpty();
		}
	}

	@Test
	void getWaitReturnsEmptyWhenNothingIsPutInTime() {
		assertThat(this.reader.getWait(this.topic, Duration.ofMillis(300))).isEmpty();
	}

	@Test
	void getWaitReturnsMessagePutWhileWaiting() throws Exception {
		CompletableFuture<Optional<JsonNode>> waiting = this.reader.getWaitAsync(this.topic, Duration.ofSeconds(30));
		this.writer.put(this.topic, "worth the wait");
		assertThat(waiting.get()).map(JsonNode::stringValue).contains("worth the wait");
	}

	@Test
	void getWaitHoldsUpLaterRequestsOnTheSameConnection() throws Exception {
		CompletableFuture<Optional<JsonNode>> waiting = this.reader.getWaitAsync(this.topic, Duration.ofSeconds(30));
		CompletableFuture<Boolean> waitDoneFirst = this.reader.getAsync("other-" + this.topic)
			.thenApply((reply) -> waiting.isDone());
		this.writer.put(this.topic, "release");
		assertThat(waitDoneFirst.get()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"text\"", "\"\"", "\"ünïcødé ✓ 🎉\"", "42", "-1.50", "12345678901234567890123",
			"3.141592653589793238462643383279", "true", "false", "null", "[1,\"two\",[3]]",
			"{\"name\":\"dsmq\",\"tags\":[\"a\",\"b\"],\"nested\":{\"n\":1e3}}", "{}", "[]" })
	void anyJsonMessageRoundTripsExactly(String message) {
		JsonNode node = exact.readTree(message);
		this.writer.put(this.topic, node);
		assertThat(this.reader.get(this.topic)).contains(node);
	}

	@Test
	void decimalNumberKeepsItsDigits() {
		this.writer.put(this.topic, exact.readTree("[-1.50, 2.0]"));
		assertThat(this.reader.get(this.topic)).map(JsonNode::toString).contains("[-1.50,2.0]");
	}

	@Test
	void stringMessageStaysAString() {
		this.writer.put(this.topic, "42");
		assertThat(this.reader.get(this.topic)).hasValueSatisfying((node) -> assertThat(node.isString()).isTrue());
	}

	@Test
	void twoThreadsSharingOneClientEachGetTheirOwnReplies() throws Exception {
		DsmqClient shared = this.reader;
		ExecutorService threads = Executors.newFixedThreadPool(2);
		try {
			List<Future<List<String>>> results = new ArrayList<>();
			for (String name : List.of("left", "right")) {
				results.add(threads.submit(() -> {
					List<String> read = new ArrayList<>();
					for (int i = 0; i < 50; i++) {
						shared.put(this.topic + name, name + i);
						read.add(shared.getString(this.topic + name).orElse("nothing"));
					}
					return read;
				}));
			}
			for (int r = 0; r < 2; r++) {
				String name = (r == 0) ? "left" : "right";
				List<String> expected = new ArrayList<>();
				for (int i = 0; i < 50; i++) {
					expected.add(name + i);
				}
				assertThat(results.get(r).get()).containsExactlyElementsOf(expected);
			}
		}
		finally {
			threads.shutdownNow();
		}
	}

}
