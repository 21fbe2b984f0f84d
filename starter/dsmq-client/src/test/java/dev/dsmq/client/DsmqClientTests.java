package dev.dsmq.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Every operation against a real server, over real sockets.
 */
class DsmqClientTests extends AbstractReaderWriterTests {

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
		try (DsmqClient late = TestClients.of(server)) {
			assertThat(late.get(this.topic)).isEmpty();
		}
	}

	@Test
	void getLatestAsyncCompletesWithTheNewestMessage() throws Exception {
		this.writer.put(this.topic, "old");
		this.writer.put(this.topic, "new");
		assertThat(this.reader.getLatestAsync(this.topic).get()).map(JsonNode::stringValue).contains("new");
	}

	@Test
	void putWithAnInvalidTopicIsRefusedWithTheServersReason() {
		assertThatExceptionOfType(DsmqRefusedException.class).isThrownBy(() -> this.writer.put("\uD800", "lost"))
			.satisfies((ex) -> assertThat(ex.getReason()).contains("topic"));
		this.writer.put(this.topic, "still connected");
		assertThat(this.reader.getString(this.topic)).contains("still connected");
	}

	@Test
	void getWaitStringReturnsTheTextPutWhileWaiting() throws Exception {
		CompletableFuture<Optional<String>> waiting = CompletableFuture
			.supplyAsync(() -> this.reader.getWaitString(this.topic, Duration.ofSeconds(30)));
		this.writer.put(this.topic, "text");
		assertThat(waiting.get()).contains("text");
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
