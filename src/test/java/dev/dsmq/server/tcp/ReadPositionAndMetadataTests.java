package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.TestMeters;
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
 * PROTOCOL.md section 11, over the 0.7 framing and, since every generation shares the request model, once over
 * WebSocket and bare JSON: reads from a sequence number with {@code after}.
 */
@SpringBootTest(properties = "dsmq.port=0")
class ReadPositionAndMetadataTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(port());
	}

	@Test
	void getAfterZeroReadsFromTheOldestMessageHeldThenReadsOnFromThere() {
		try (DsmqTestClient writer = connect()) {
			put(writer, "from-oldest", "a");
			put(writer, "from-oldest", "b");
			try (DsmqTestClient reader = connect()) {
				assertThat(reader.get("from-oldest")).isEmpty();
				reader.send(Map.of("action", "get", "topic", "from-oldest", "after", 0));
				assertThat(reader.readReply()).containsExactly(entry("message", "a"));
				assertThat(reader.get("from-oldest")).isEqualTo("b");
				assertThat(reader.get("from-oldest")).isEmpty();
			}
		}
	}

	@Test
	void getAfterASequenceNumberReadsTheMessageThatFollowsIt() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			long first = put(writer, "resumed", "one");
			put(writer, "resumed", "two");
			put(writer, "resumed", "three");
			assertThat(reader.getLatest("resumed")).isEqualTo("three");
			reader.send(Map.of("action", "get", "topic", "resumed", "after", first, "id", 1));
			assertThat(reader.readReply()).containsExactly(entry("id", 1), entry("message", "two"));
			assertThat(reader.get("resumed")).isEqualTo("three");
		}
	}

	@Test
	void getLatestAfterASequenceNumberReadsTheNewestAndSkipsTheOthers() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			long first = put(writer, "latest-after", "one");
			put(writer, "latest-after", "two");
			put(writer, "latest-after", "three");
			reader.send(Map.of("action", "get_latest", "topic", "latest-after", "after", first));
			assertThat(reader.readReply()).containsExactly(entry("message", "three"));
			assertThat(reader.get("latest-after")).isEmpty();
		}
	}

	@Test
	void getAfterTheNewestMessageFindsNothingAndTheReaderReadsOnFromThere() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			put(writer, "skipped", "one");
			long second = put(writer, "skipped", "two");
			reader.send(Map.of("action", "get", "topic", "skipped", "after", second));
			assertThat(reader.readReply()).containsExactly(entry("message", ""));
			put(writer, "skipped", "three");
			assertThat(reader.get("skipped")).isEqualTo("three");
		}
	}

	@Test
	void getAfterWithWaitIsWokenByThePutThatFollowsThatNumber() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			long last = put(writer, "waited-after", "old");
			reader.send(Map.of("action", "get", "topic", "waited-after", "after", last, "wait", 30, "id", "w"));
			await().until(() -> this.meterRegistry.get("dsmq.reads.waiting").gauge().value() == 1);
			put(writer, "waited-after", "new");
			assertThat(reader.readReply()).containsExactly(entry("id", "w"), entry("message", "new"));
		}
	}

	@Test
	void getAfterOnATopicThatHoldsNothingFindsNothing() {
		try (DsmqTestClient reader = connect()) {
			reader.send(Map.of("action", "get", "topic", "never-put", "after", 0, "id", 3));
			assertThat(reader.readReply()).containsExactly(entry("id", 3));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "-1", "1.5", "1e3", "\"7\"", "null", "[1]", "9223372036854775808",
			"123456789012345678901234567890" })
	void afterThatIsNotASequenceNumberGetsAnErrorAndTheConnectionStaysOpen(String after) {
		double before = TestMeters.rejected(this.meterRegistry, "invalid-field");
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			reader.sendRaw(DsmqTestClient.frame(("{\"action\": \"get\", \"topic\": \"bad-after\", \"after\": " + after
					+ "}").getBytes(StandardCharsets.UTF_8)));
			assertThat(reader.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"after\" must be a sequence number: an integer of 0 or more"));
			assertThat(TestMeters.rejected(this.meterRegistry, "invalid-field") - before).isEqualTo(1);
			put(writer, "bad-after", "still read");
			assertThat(reader.get("bad-after")).isEqualTo("still read");
		}
	}

	@Test
	void getAfterWorksOverWebSocketAsOverFraming() {
		try (JdkWebSocketClient writer = JdkWebSocketClient.connect(port())) {
			writer.send(Map.of("action", "put", "topic", "ws-after", "message", "one", "id", 1));
			long first = ((Number) writer.readReply().get("seq")).longValue();
			writer.put("ws-after", "two");
			assertThat(writer.getLatest("ws-after")).isEqualTo("two");
			try (JdkWebSocketClient reader = JdkWebSocketClient.connect(port())) {
				assertThat(reader.get("ws-after")).isEqualTo("");
				reader.send(Map.of("action", "get", "topic", "ws-after", "after", first - 1));
				assertThat(reader.readReply()).containsExactly(entry("message", "one"));
				assertThat(reader.get("ws-after")).isEqualTo("two");
				reader.send(Map.of("action", "get", "topic", "ws-after", "after", -1));
				assertThat(reader.readReply()).containsExactly(entry("message", ""),
						entry("error", "\"after\" must be a sequence number: an integer of 0 or more"));
			}
		}
	}

	@Test
	void getAfterWorksOverBareJsonAsOverFraming() {
		try (BareJsonClient writer = BareJsonClient.connect(port())) {
			writer.put("bare-after", "one");
			assertThat(writer.get("bare-after")).isEqualTo("one");
			try (BareJsonClient reader = BareJsonClient.connect(port())) {
				assertThat(reader.get("bare-after")).isEqualTo("");
				reader.send(Map.of("action", "get", "topic", "bare-after", "after", 0));
				assertThat(reader.readReply()).containsExactly(entry("message", "one"));
			}
		}
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	/**
	 * Put a message with an id and return the sequence number its acknowledgement carries.
	 */
	private static long put(DsmqTestClient writer, String topic, String message) {
		writer.send(Map.of("action", "put", "topic", topic, "message", message, "id", "put"));
		Map<String, Object> ack = writer.readReply();
		assertThat(ack).containsEntry("ok", true);
		return ((Number) ack.get("seq")).longValue();
	}

}
