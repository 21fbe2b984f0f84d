package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.queue.MessageQueue;
import dev.dsmq.server.queue.ReadOptions;
import dev.dsmq.server.queue.ReadPositions;
import dev.dsmq.server.queue.StoredMessage;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The project's protocol extensions, {@code id}, {@code wait} and messages of any JSON value, over real sockets.
 */
@SpringBootTest(properties = "dsmq.port=0")
class ExtensionTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private MessageQueue queue;

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	@Test
	void putWithIdIsAcknowledgedWithThatIdOnceStored() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			// a reader reads what is put after the server accepted it; a first read proves it was
			assertThat(reader.get("acked")).isEmpty();
			writer.send(Map.of("action", "put", "topic", "acked", "message", "m", "id", "p-1"));
			assertThat(writer.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", "p-1")
				.containsEntry("ok", true);
			assertThat(reader.get("acked")).isEqualTo("m");
		}
	}

	@Test
	void putAcknowledgementCarriesTheSequenceNumberTheMessageWasStoredUnder() {
		try (DsmqTestClient writer = connect()) {
			writer.send(Map.of("action", "put", "topic", "numbered", "message", "first", "id", 1));
			long first = ((Number) writer.readReply().get("seq")).longValue();
			writer.send(Map.of("action", "put", "topic", "numbered", "message", "second", "id", 2));
			long second = ((Number) writer.readReply().get("seq")).longValue();
			assertThat(second).isGreaterThan(first);
			assertThat(next(first - 1).map(StoredMessage::sequence)).hasValue(first);
			assertThat(next(first).map(StoredMessage::body))
				.hasValue("\"second\"".getBytes(StandardCharsets.UTF_8));
			assertThat(next(first).map(StoredMessage::sequence)).hasValue(second);
		}
	}

	@Test
	void getWithIdTellsNothingEligibleFromAnEmptyStringMessage() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "get", "topic", "ids", "id", 5));
			assertThat(client.readReply()).containsExactly(entry("id", 5));
			client.put("ids", "");
			client.send(Map.of("action", "get", "topic", "ids", "id", 6));
			assertThat(client.readReply()).containsExactly(entry("id", 6), entry("message", ""));
		}
	}

	@Test
	void getLatestWithIdCarriesTheId() {
		try (DsmqTestClient client = connect()) {
			client.put("latest-ids", "old");
			client.put("latest-ids", "new");
			client.send(Map.of("action", "get_latest", "topic", "latest-ids", "id", "l"));
			assertThat(client.readReply()).containsExactly(entry("id", "l"), entry("message", "new"));
		}
	}

	@Test
	void pipelinedRequestsWithIdsAreAnsweredInTheOrderSent() {
		try (DsmqTestClient client = connect()) {
			ByteArrayOutputStream frames = new ByteArrayOutputStream();
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "order", "message", "a", "id", 1)));
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "order", "message", "b", "id", 2)));
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "get", "topic", "order", "id", 3)));
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "order", "message", "c", "id", 4)));
			client.sendRaw(frames.toByteArray());
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 1)
				.containsEntry("ok", true);
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 2)
				.containsEntry("ok", true);
			assertThat(client.readReply()).containsExactly(entry("id", 3), entry("message", "a"));
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 4)
				.containsEntry("ok", true);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "42", "-1.5e-7", "null", "true", "{\"pose\": {\"x\": 1.0, \"y\": [2, \"é\\u00e9\"]}}",
			"[1, \"two\", {}]", "\"a \\\"quoted\\\" string\"" })
	void messageOfAnyJsonValueComesBackByteForByte(String message) {
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(("{\"action\": \"put\", \"topic\": \"json\", \"message\": " + message
					+ "}").getBytes(StandardCharsets.UTF_8)));
			client.send(Map.of("action", "get", "topic", "json"));
			assertThat(new String(client.readReplyBody(), StandardCharsets.UTF_8))
				.isEqualTo("{\"message\": " + message + "}");
		}
	}

	@Test
	void refusedRequestWithIdGetsAnErrorCarryingTheIdAndConnectionStaysOpen() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "put", "message", "m", "id", "no-topic"));
			assertThat(client.readReply()).containsExactly(entry("id", "no-topic"),
					entry("error", "\"topic\" is missing"));
			client.send(Map.of("action", "publish", "topic", "t", "id", 8));
			assertThat(client.readReply()).containsExactly(entry("id", 8), entry("error", "unknown action \"publish\""));
			assertThat(client.readReplyAfterGet("still-open")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void idThatIsNeitherStringNorNumberGetsAnErrorAndConnectionStaysOpen() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "put", "topic", "bad-id", "message", "m", "id", Map.of("n", 1)));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"id\" must be a string or a number"));
			assertThat(client.get("bad-id")).isEmpty();
		}
	}

	@Test
	void waitingGetIsWokenByAPutFromAnotherConnection() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			reader.send(Map.of("action", "get", "topic", "woken", "wait", 30, "id", "r"));
			awaitWaitingReaders(1);
			writer.put("woken", "wake up");
			assertThat(reader.readReply()).containsExactly(entry("id", "r"), entry("message", "wake up"));
		}
		awaitWaitingReaders(0);
	}

	@Test
	void waitingGetLatestIsWokenByAPut() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			reader.send(Map.of("action", "get_latest", "topic", "woken-latest", "wait", 30));
			awaitWaitingReaders(1);
			writer.put("woken-latest", "now");
			assertThat(reader.readReply()).containsExactly(entry("message", "now"));
		}
	}

	@Test
	void waitingGetIsNotWokenByAPutToAnotherTopic() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			reader.send(Map.of("action", "get", "topic", "quiet", "wait", 30, "id", 1));
			awaitWaitingReaders(1);
			writer.put("noisy", "not for you");
			writer.put("quiet", "for you");
			assertThat(reader.readReply()).containsExactly(entry("id", 1), entry("message", "for you"));
		}
	}

	@Test
	void waitThatEndsWithNothingGetsTheEmptyReply() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "get", "topic", "nothing", "wait", 0.05, "id", "w"));
			assertThat(client.readReply()).containsExactly(entry("id", "w"));
			client.send(Map.of("action", "get", "topic", "nothing", "wait", 0.05));
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void getWithWaitReturnsAtOnceWhenAMessageIsEligible() {
		try (DsmqTestClient client = connect()) {
			client.put("ready", "here");
			client.send(Map.of("action", "get", "topic", "ready", "wait", 30));
			assertThat(client.readReply()).containsExactly(entry("message", "here"));
		}
	}

	@Test
	void repliesBeforeAWaitingReadLeaveBeforeItWaits() {
		try (DsmqTestClient client = connect(); DsmqTestClient writer = connect()) {
			ByteArrayOutputStream frames = new ByteArrayOutputStream();
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "first", "message", "m", "id", 1)));
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "get", "topic", "then-wait", "wait", 30, "id", 2)));
			client.sendRaw(frames.toByteArray());
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 1)
				.containsEntry("ok", true);
			writer.put("then-wait", "done");
			assertThat(client.readReply()).containsExactly(entry("id", 2), entry("message", "done"));
		}
	}

	@Test
	void putsAcknowledgedBeforeABrokenHeaderAreAnsweredFirstThenTheConnectionCloses() {
		try (DsmqTestClient client = connect()) {
			ByteArrayOutputStream frames = new ByteArrayOutputStream();
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "broken", "message", "m", "id", 1)));
			frames.writeBytes("{\"msg_length\": 10000x5}".getBytes(StandardCharsets.US_ASCII));
			client.sendRaw(frames.toByteArray());
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 1)
				.containsEntry("ok", true);
			assertThat(client.readReply()).containsKey("error");
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "\"10\"", "null" })
	void waitThatIsNotANonNegativeNumberGetsAnError(String wait) {
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(("{\"action\": \"get\", \"topic\": \"t\", \"wait\": " + wait + "}")
				.getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"wait\" must be a non-negative number of seconds"));
		}
	}

	private void awaitWaitingReaders(int count) {
		await().until(() -> this.meterRegistry.get("dsmq.reads.waiting").gauge().value() == count);
	}

	/**
	 * Read the topic's first message after the sequence number, as a read with {@code after} does.
	 */
	private Optional<StoredMessage> next(long after) {
		return this.queue.read("numbered", new ReadPositions(0, 1), new ReadOptions(false, after, false));
	}

}
