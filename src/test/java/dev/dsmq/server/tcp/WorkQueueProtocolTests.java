package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.queue.MutableClock;
import dev.dsmq.server.queue.MutableClockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Work-queue groups over real sockets (PROTOCOL.md section 10), with the server's clock under the test's control:
 * claims and their visibility, delete, pop, peek, release, delays, dead-lettering and waits, in every generation.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.groups.max-retrievals=3" })
@Import(MutableClockConfiguration.class)
class WorkQueueProtocolTests {

	/** The server's default visibility timeout. */
	private static final Duration VISIBILITY = Duration.ofSeconds(60);

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MutableClock clock;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void getOfAGroupClaimsTheOldestMessageAndTellsItsSequenceSentTimeAndRetrievals() {
		try (DsmqTestClient writer = connect(); DsmqTestClient worker = connect()) {
			put(writer, "claims", "first");
			put(writer, "claims", "second");
			double sent = this.clock.millis() / 1000.0;
			this.clock.advance(Duration.ofMillis(1500));
			Map<String, Object> claimed = get(worker, "claims", "workers");
			assertThat(claimed).containsOnlyKeys("message", "seq", "sent", "first_retrieved", "retrieval_count")
				.containsEntry("message", "first")
				.containsEntry("sent", sent)
				.containsEntry("first_retrieved", sent + 1.5)
				.containsEntry("retrieval_count", 1);
			Map<String, Object> next = get(worker, "claims", "workers");
			assertThat(next).containsEntry("message", "second");
			assertThat(seq(next)).isEqualTo(seq(claimed) + 1);
			assertThat(get(worker, "claims", "workers")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void getOfAGroupWithAnIdCarriesItAndTellsNothingAvailableByTheIdAlone() {
		try (DsmqTestClient worker = connect()) {
			worker.put("ids", "");
			assertThat(get(worker, "ids", "workers", "id", "g-1")).containsEntry("id", "g-1")
				.containsEntry("message", "")
				.containsEntry("retrieval_count", 1);
			assertThat(get(worker, "ids", "workers", "id", 7)).containsExactly(entry("id", 7));
		}
	}

	@Test
	void groupStartsAtTheOldestMessageHeldSoThatNothingPutBeforeItsFirstConsumerIsLost() {
		try (DsmqTestClient writer = connect()) {
			put(writer, "early", "before anyone");
			try (DsmqTestClient worker = connect()) {
				assertThat(get(worker, "early", "late-comers")).containsEntry("message", "before anyone");
			}
		}
	}

	@Test
	void claimedMessageGoesToNoOtherMemberUntilItsVisibilityRunsOut() {
		try (DsmqTestClient writer = connect(); DsmqTestClient one = connect(); DsmqTestClient other = connect()) {
			put(writer, "visible", "job");
			Map<String, Object> claimed = get(one, "visible", "workers");
			assertThat(get(other, "visible", "workers")).containsExactly(entry("message", ""));
			this.clock.advance(VISIBILITY.minusMillis(1));
			assertThat(get(other, "visible", "workers")).containsExactly(entry("message", ""));
			this.clock.advance(Duration.ofMillis(1));
			assertThat(get(other, "visible", "workers")).containsEntry("message", "job")
				.containsEntry("seq", claimed.get("seq"))
				.containsEntry("first_retrieved", claimed.get("first_retrieved"))
				.containsEntry("retrieval_count", 2);
		}
	}

	@Test
	void visibilityOfAGetSetsHowLongItsClaimLasts() {
		try (DsmqTestClient worker = connect()) {
			worker.put("short-claim", "job");
			get(worker, "short-claim", "workers", "visibility", 0.25);
			this.clock.advance(Duration.ofMillis(249));
			assertThat(get(worker, "short-claim", "workers")).containsExactly(entry("message", ""));
			this.clock.advance(Duration.ofMillis(1));
			assertThat(get(worker, "short-claim", "workers")).containsEntry("retrieval_count", 2);
		}
	}

	@Test
	void deletedMessageIsDoneForTheGroupAndDeleteIsAnsweredOnlyWithAnId() {
		try (DsmqTestClient worker = connect()) {
			worker.put("deletes", "job");
			long seq = seq(get(worker, "deletes", "workers"));
			worker.send(Map.of("action", "delete", "topic", "deletes", "group", "workers", "seq", seq));
			worker.send(Map.of("action", "delete", "topic", "deletes", "group", "workers", "seq", seq, "id", "d"));
			assertThat(worker.readReply()).containsExactly(entry("id", "d"), entry("ok", true));
			this.clock.advance(VISIBILITY);
			assertThat(get(worker, "deletes", "workers")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void popTakesTheMessageOnceAndRepliesLikeAGet() {
		try (DsmqTestClient worker = connect(); DsmqTestClient other = connect()) {
			worker.put("pops", "once");
			worker.send(Map.of("action", "pop", "topic", "pops", "group", "workers"));
			assertThat(worker.readReply()).containsEntry("message", "once").containsEntry("retrieval_count", 1);
			this.clock.advance(VISIBILITY);
			assertThat(get(other, "pops", "workers")).containsExactly(entry("message", ""));
			other.send(Map.of("action", "pop", "topic", "pops", "group", "workers", "id", 3));
			assertThat(other.readReply()).containsExactly(entry("id", 3));
		}
	}

	@Test
	void peekShowsWhatAGetWouldWithoutClaimingOrCountingIt() {
		try (DsmqTestClient worker = connect()) {
			worker.put("peeks", "look");
			worker.send(Map.of("action", "peek", "topic", "peeks", "group", "workers"));
			assertThat(worker.readReply()).containsEntry("message", "look")
				.containsEntry("first_retrieved", null)
				.containsEntry("retrieval_count", 0);
			assertThat(get(worker, "peeks", "workers")).containsEntry("message", "look")
				.containsEntry("retrieval_count", 1);
			worker.send(Map.of("action", "peek", "topic", "peeks", "group", "workers"));
			assertThat(worker.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void releasedClaimIsAvailableAgainAfterItsDelay() {
		try (DsmqTestClient worker = connect()) {
			worker.put("releases", "job");
			long seq = seq(get(worker, "releases", "workers"));
			worker.send(Map.of("action", "release", "topic", "releases", "group", "workers", "seq", seq));
			assertThat(get(worker, "releases", "workers")).containsEntry("retrieval_count", 2);
			worker.send(Map.of("action", "release", "topic", "releases", "group", "workers", "seq", seq, "delay", 2.5,
					"id", "r"));
			assertThat(worker.readReply()).containsExactly(entry("id", "r"), entry("ok", true));
			this.clock.advance(Duration.ofMillis(2499));
			assertThat(get(worker, "releases", "workers")).containsExactly(entry("message", ""));
			this.clock.advance(Duration.ofMillis(1));
			assertThat(get(worker, "releases", "workers")).containsEntry("retrieval_count", 3);
		}
	}

	@Test
	void messagesDeletedBehindAHeldClaimLeaveItAndTheClaimsGivenBackToComeBackInOrder() {
		try (DsmqTestClient writer = connect(); DsmqTestClient holder = connect(); DsmqTestClient worker = connect()) {
			for (String message : List.of("a", "b", "c", "d", "e", "f")) {
				put(writer, "held-back", message);
			}
			assertThat(get(holder, "held-back", "workers")).containsEntry("message", "a");
			assertThat(pop(worker, "held-back")).containsEntry("message", "b");
			long c = seq(get(worker, "held-back", "workers"));
			assertThat(pop(worker, "held-back")).containsEntry("message", "d");
			worker.send(Map.of("action", "release", "topic", "held-back", "group", "workers", "seq", c));
			assertThat(get(worker, "held-back", "workers")).containsEntry("message", "c")
				.containsEntry("retrieval_count", 2);
			worker.send(Map.of("action", "delete", "topic", "held-back", "group", "workers", "seq", c));
			assertThat(pop(worker, "held-back")).containsEntry("message", "e");
			this.clock.advance(VISIBILITY);
			assertThat(get(worker, "held-back", "workers")).containsEntry("message", "a")
				.containsEntry("retrieval_count", 2);
			assertThat(pop(worker, "held-back")).containsEntry("message", "f");
			assertThat(pop(worker, "held-back")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void delayedPutIsReadByBroadcastReadersAtOnceAndByGroupsAfterTheDelay() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			writer.send(Map.of("action", "put", "topic", "delays", "message", "later", "delay", 30, "id", 1));
			assertThat(writer.readReply()).containsEntry("id", 1).containsEntry("ok", true);
			assertThat(reader.get("delays")).isEqualTo("later");
			assertThat(get(writer, "delays", "workers")).containsExactly(entry("message", ""));
			this.clock.advance(Duration.ofSeconds(30));
			assertThat(get(writer, "delays", "workers")).containsEntry("message", "later");
		}
	}

	@Test
	void twoGroupsAndABroadcastReaderOfOneTopicEachGetEveryMessage() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect();
				DsmqTestClient billing = connect(); DsmqTestClient shipping = connect()) {
			put(writer, "orders", "o-1");
			put(writer, "orders", "o-2");
			assertThat(get(billing, "orders", "billing")).containsEntry("message", "o-1");
			assertThat(get(shipping, "orders", "shipping")).containsEntry("message", "o-1");
			assertThat(reader.get("orders")).isEqualTo("o-1");
			assertThat(get(billing, "orders", "billing")).containsEntry("message", "o-2");
			assertThat(reader.get("orders")).isEqualTo("o-2");
			assertThat(get(shipping, "orders", "shipping")).containsEntry("message", "o-2");
			assertThat(get(billing, "orders", "billing")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void messageClaimedTheMostTimesIsDeadLetteredWhenItWouldBeClaimedAgain() {
		try (DsmqTestClient worker = connect()) {
			worker.send(Map.of("action", "put", "topic", "poisoned", "message", "poison", "headers",
					Map.of("traceparent", "00-1-2-01")));
			long seq = 0;
			for (int i = 1; i <= 3; i++) {
				Map<String, Object> claimed = get(worker, "poisoned", "workers");
				assertThat(claimed).containsEntry("retrieval_count", i);
				seq = seq(claimed);
				this.clock.advance(VISIBILITY);
			}
			worker.put("poisoned", "fine");
			assertThat(get(worker, "poisoned", "workers")).containsEntry("message", "fine");
			assertThat(get(worker, "poisoned.dead-letter", "inspectors")).containsEntry("message", "poison")
				.containsEntry("headers", Map.of("traceparent", "00-1-2-01", "dead-letter-topic", "poisoned",
						"dead-letter-group", "workers", "dead-letter-seq", Long.toString(seq),
						"dead-letter-retrieval-count", "3"));
		}
	}

	@Test
	void readOfAGroupCarriesTheHeadersThePutHadAsAReadWithMetaDoes() {
		try (DsmqTestClient reader = connect(); DsmqTestClient worker = connect()) {
			put(worker, "traced", "job", Map.of("traceparent", "00-abc-def-01"));
			Map<String, Object> claimed = get(worker, "traced", "workers");
			reader.send(Map.of("action", "get", "topic", "traced", "meta", true));
			Map<String, Object> read = reader.readReply();
			assertThat(claimed).containsEntry("headers", Map.of("traceparent", "00-abc-def-01"))
				.containsEntry("seq", read.get("seq"))
				.containsEntry("sent", read.get("sent"))
				.containsEntry("headers", read.get("headers"));
		}
	}

	@Test
	void dsmqClientsReplyIsUnchangedOnATopicThatHasGroups() {
		try (DsmqTestClient reader = connect(); DsmqTestClient worker = connect()) {
			worker.put("plain", "hello");
			get(worker, "plain", "workers");
			reader.send(Map.of("action", "get", "topic", "plain"));
			assertThat(new String(reader.readReplyBody(), StandardCharsets.UTF_8))
				.isEqualTo("{\"message\": \"hello\"}");
		}
	}

	@Test
	void waitingGetOfAGroupIsWokenByAPut() {
		try (DsmqTestClient worker = connect(); DsmqTestClient writer = connect()) {
			worker.send(Map.of("action", "get", "topic", "woken-group", "group", "workers", "wait", 30, "id", "w"));
			awaitWaitingReaders(1);
			writer.put("woken-group", "wake up");
			assertThat(worker.readReply()).containsEntry("id", "w").containsEntry("message", "wake up");
		}
		awaitWaitingReaders(0);
	}

	@Test
	void aWaitingGetWhosePeerLeftClaimsNothingAndTheNextMemberGetsTheMessage() {
		try (DsmqTestClient writer = connect(); DsmqTestClient next = connect()) {
			DsmqTestClient gone = connect();
			gone.send(Map.of("action", "get", "topic", "left-waiting", "group", "workers", "wait", 30));
			awaitWaitingReaders(1);
			gone.close();
			// within the second before the wait looks at its peer again: the put wakes it first
			put(writer, "left-waiting", "job");
			assertThat(get(next, "left-waiting", "workers", "wait", 10)).containsEntry("message", "job")
				.containsEntry("retrieval_count", 1);
		}
		awaitWaitingReaders(0);
	}

	@Test
	void waitingGetOfAGroupIsAnsweredWhenAClaimRunsOut() {
		try (DsmqTestClient worker = connect(); DsmqTestClient crashed = connect()) {
			put(worker, "runs-out", "job");
			get(crashed, "runs-out", "workers");
			worker.send(Map.of("action", "get", "topic", "runs-out", "group", "workers", "wait", 30));
			awaitWaitingReaders(1);
			this.clock.advance(VISIBILITY);
			assertThat(worker.readReply()).containsEntry("message", "job").containsEntry("retrieval_count", 2);
		}
	}

	@Test
	void waitingPopIsWokenByARelease() {
		try (DsmqTestClient worker = connect(); DsmqTestClient holder = connect()) {
			put(worker, "handed-back", "job");
			long seq = seq(get(holder, "handed-back", "workers"));
			worker.send(Map.of("action", "pop", "topic", "handed-back", "group", "workers", "wait", 30));
			awaitWaitingReaders(1);
			holder.send(Map.of("action", "release", "topic", "handed-back", "group", "workers", "seq", seq));
			assertThat(worker.readReply()).containsEntry("message", "job").containsEntry("retrieval_count", 2);
		}
	}

	@Test
	void groupsWorkAlikeOverWebSocket() {
		try (JdkWebSocketClient worker = JdkWebSocketClient.connect(this.connectionFactory.getPort())) {
			worker.put("over-websocket", "job");
			worker.send(Map.of("action", "get", "topic", "over-websocket", "group", "workers"));
			Map<String, Object> claimed = worker.readReply();
			assertThat(claimed).containsEntry("message", "job").containsEntry("retrieval_count", 1);
			worker.send(Map.of("action", "delete", "topic", "over-websocket", "group", "workers", "seq",
					claimed.get("seq"), "id", 1));
			assertThat(worker.readReply()).containsExactly(entry("id", 1), entry("ok", true));
			worker.send(Map.of("action", "peek", "topic", "over-websocket", "group", "workers"));
			assertThat(worker.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void groupsWorkAlikeOverBareJson() {
		try (BareJsonClient worker = BareJsonClient.connect(this.connectionFactory.getPort())) {
			worker.put("over-bare-json", "job");
			worker.send(Map.of("action", "pop", "topic", "over-bare-json", "group", "workers"));
			assertThat(worker.readReply()).containsEntry("message", "job").containsEntry("retrieval_count", 1);
			worker.send(Map.of("action", "get", "topic", "over-bare-json", "group", "workers"));
			assertThat(worker.readReply()).containsExactly(entry("message", ""));
		}
	}

	/**
	 * Put a message and wait for its acknowledgement: it is stored, and other connections can read it.
	 */
	private static void put(DsmqTestClient client, String topic, String message) {
		put(client, topic, message, Map.of());
	}

	private static void put(DsmqTestClient client, String topic, String message, Map<String, String> headers) {
		client.send(Map.of("action", "put", "topic", topic, "message", message, "id", "stored", "headers", headers));
		assertThat(client.readReply()).containsEntry("id", "stored").containsEntry("ok", true);
	}

	private void awaitWaitingReaders(int count) {
		await().until(() -> this.meterRegistry.get("dsmq.reads.waiting").gauge().value() == count);
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	/**
	 * Send a get of a group, with any other fields given as names and values, and return its reply.
	 */
	static Map<String, Object> get(DsmqTestClient client, String topic, String group, Object... more) {
		Map<String, Object> request = new LinkedHashMap<>();
		request.put("action", "get");
		request.put("topic", topic);
		request.put("group", group);
		for (int i = 0; i < more.length; i += 2) {
			request.put((String) more[i], more[i + 1]);
		}
		client.send(request);
		return client.readReply();
	}

	private static Map<String, Object> pop(DsmqTestClient client, String topic) {
		client.send(Map.of("action", "pop", "topic", topic, "group", "workers"));
		return client.readReply();
	}

	static long seq(Map<String, Object> reply) {
		return ((Number) reply.get("seq")).longValue();
	}

}
