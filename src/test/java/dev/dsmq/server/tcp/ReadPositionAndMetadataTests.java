package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.TestMeters;
import dev.dsmq.server.queue.MutableClock;
import dev.dsmq.server.queue.MutableClockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * PROTOCOL.md section 11, over the 0.7 framing and, since every generation shares the request model, once over
 * WebSocket and bare JSON: reads from a sequence number with {@code after}, the metadata of a message with
 * {@code meta}, and the {@code headers} of a put, with the server's clock under the test's control.
 */
@SpringBootTest(properties = "dsmq.port=0")
@Import(MutableClockConfiguration.class)
class ReadPositionAndMetadataTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private MutableClock clock;

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
			assertThat(reader.get("resumed")).isEmpty();
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

	@Test
	void getWithMetaCarriesTheSequenceNumberAndWhenTheMessageWasPutInEpochSeconds() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			assertThat(reader.get("described")).isEmpty();
			this.clock.advance(Duration.ofMillis(250));
			long sent = this.clock.millis();
			long sequence = put(writer, "described", "m");
			this.clock.advance(Duration.ofSeconds(3));
			reader.send(Map.of("action", "get", "topic", "described", "meta", true));
			assertThat(new String(reader.readReplyBody(), StandardCharsets.UTF_8))
				.isEqualTo("{\"message\": \"m\", \"seq\": " + sequence + ", \"sent\": " + seconds(sent) + "}");
		}
	}

	@Test
	void getLatestWithMetaAndIdCarriesBoth() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			assertThat(reader.get("described-latest")).isEmpty();
			put(writer, "described-latest", "old");
			long newest = put(writer, "described-latest", "new");
			reader.send(Map.of("action", "get_latest", "topic", "described-latest", "meta", true, "id", "l"));
			assertThat(new String(reader.readReplyBody(), StandardCharsets.UTF_8)).isEqualTo("{\"id\": \"l\", "
					+ "\"message\": \"new\", \"seq\": " + newest + ", \"sent\": " + seconds(this.clock.millis()) + "}");
		}
	}

	@Test
	void readWithMetaThatFindsNothingGetsThePlainEmptyReply() {
		try (DsmqTestClient reader = connect()) {
			reader.send(Map.of("action", "get", "topic", "nothing-described", "meta", true));
			assertThat(new String(reader.readReplyBody(), StandardCharsets.UTF_8)).isEqualTo("{\"message\": \"\"}");
			reader.send(Map.of("action", "get", "topic", "nothing-described", "meta", true, "id", 2));
			assertThat(reader.readReply()).containsExactly(entry("id", 2));
		}
	}

	@Test
	void readerThatReconnectsAndReadsAfterTheLastSequenceNumberItProcessedMissesNothing() {
		try (DsmqTestClient writer = connect()) {
			long last;
			try (DsmqTestClient reader = connect()) {
				// a reader reads what is put after the server accepted it; a first read proves it was
				assertThat(reader.get("resume")).isEmpty();
				put(writer, "resume", "one");
				reader.send(Map.of("action", "get", "topic", "resume", "meta", true));
				last = ((Number) reader.readReply().get("seq")).longValue();
			}
			put(writer, "resume", "two");
			put(writer, "resume", "three");
			try (DsmqTestClient again = connect()) {
				List<Object> read = new ArrayList<>();
				for (int i = 0; i < 3; i++) {
					again.send(Map.of("action", "get", "topic", "resume", "after", last, "meta", true));
					Map<String, Object> reply = again.readReply();
					read.add(reply.get("message"));
					if (reply.containsKey("seq")) {
						last = ((Number) reply.get("seq")).longValue();
					}
				}
				assertThat(read).containsExactly("two", "three", "");
			}
		}
	}

	/**
	 * What a dsmq client reads must not change by a byte: a read without {@code meta}, or with {@code "meta": false},
	 * is answered exactly as before the extension, frame header and all.
	 */
	@Test
	void repliesToReadsWithoutMetaAreByteForByteWhatADsmqClientReads() {
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			assertThat(reader.get("plain")).isEmpty();
			writer.put("plain", "hi");
			writer.put("plain", "there");
			writer.put("plain", "again");
			// puts have no reply; a read on the same connection proves they are stored
			assertThat(writer.getLatest("plain")).isEqualTo("again");
			// as dsmq's own client writes it
			reader.sendRaw(DsmqTestClient
				.frame("{\"action\": \"get\", \"topic\": \"plain\"}".getBytes(StandardCharsets.UTF_8)));
			assertReads(reader, "{\"msg_length\": 1000017}{\"message\": \"hi\"}");
			reader.send(Map.of("action", "get", "topic", "plain", "meta", false));
			assertReads(reader, "{\"msg_length\": 1000020}{\"message\": \"there\"}");
			reader.send(Map.of("action", "get_latest", "topic", "plain"));
			assertReads(reader, "{\"msg_length\": 1000020}{\"message\": \"again\"}");
			reader.send(Map.of("action", "get", "topic", "plain"));
			assertReads(reader, "{\"msg_length\": 1000015}{\"message\": \"\"}");
			// and nothing came with them
			assertThat(reader.readReplyAfterGet("plain-after")).containsExactly(entry("message", ""));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "1", "\"true\"", "null", "{}" })
	void metaThatIsNotTrueOrFalseGetsAnErrorAndTheConnectionStaysOpen(String meta) {
		double before = TestMeters.rejected(this.meterRegistry, "invalid-field");
		try (DsmqTestClient reader = connect()) {
			reader.sendRaw(DsmqTestClient.frame(("{\"action\": \"get\", \"topic\": \"bad-meta\", \"meta\": " + meta
					+ ", \"id\": 5}").getBytes(StandardCharsets.UTF_8)));
			assertThat(reader.readReply()).containsExactly(entry("id", 5),
					entry("error", "\"meta\" must be true or false"));
			assertThat(TestMeters.rejected(this.meterRegistry, "invalid-field") - before).isEqualTo(1);
			assertThat(reader.readReplyAfterGet("bad-meta")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void getWithMetaWorksOverWebSocketAsOverFraming() {
		try (JdkWebSocketClient writer = JdkWebSocketClient.connect(port());
				JdkWebSocketClient reader = JdkWebSocketClient.connect(port())) {
			assertThat(reader.get("ws-meta")).isEqualTo("");
			writer.send(Map.of("action", "put", "topic", "ws-meta", "message", List.of(1, "two"), "id", 1));
			long sequence = ((Number) writer.readReply().get("seq")).longValue();
			reader.send(Map.of("action", "get", "topic", "ws-meta", "meta", true));
			assertThat(reader.readText()).isEqualTo("{\"message\": [1,\"two\"], \"seq\": " + sequence + ", \"sent\": "
					+ seconds(this.clock.millis()) + "}");
			writer.put("ws-meta", "plain");
			assertThat(writer.getLatest("ws-meta")).isEqualTo("plain");
			reader.send(Map.of("action", "get", "topic", "ws-meta"));
			assertThat(reader.readText()).isEqualTo("{\"message\": \"plain\"}");
		}
	}

	@Test
	void getWithMetaWorksOverBareJsonAsOverFraming() {
		try (BareJsonClient writer = BareJsonClient.connect(port());
				BareJsonClient reader = BareJsonClient.connect(port())) {
			assertThat(reader.get("bare-meta")).isEqualTo("");
			writer.send(Map.of("action", "put", "topic", "bare-meta", "message", "m", "id", 1));
			long sequence = ((Number) writer.readReply().get("seq")).longValue();
			reader.send(Map.of("action", "get", "topic", "bare-meta", "meta", true));
			Map<String, Object> reply = reader.readReply();
			assertThat(reply).containsOnlyKeys("message", "seq", "sent").containsEntry("message", "m");
			assertThat(((Number) reply.get("seq")).longValue()).isEqualTo(sequence);
			assertThat(((Number) reply.get("sent")).doubleValue()).isEqualTo(this.clock.millis() / 1000.0);
		}
	}

	@Test
	void putHeadersComeBackAsTheyWerePutWithAReadThatAsksForMetaAndOnlyWithIt() {
		String headers = "{\"traceparent\": \"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\", "
				+ "\"caf\u00e9\": \"\\u00e9 \\\"quoted\\\"\"}";
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			assertThat(reader.get("traced")).isEmpty();
			writer.sendRaw(DsmqTestClient.frame(("{\"action\": \"put\", \"topic\": \"traced\", \"message\": \"m\", "
					+ "\"headers\": " + headers + ", \"id\": 1}").getBytes(StandardCharsets.UTF_8)));
			long sequence = ((Number) writer.readReply().get("seq")).longValue();
			reader.send(Map.of("action", "get", "topic", "traced", "meta", true));
			assertThat(new String(reader.readReplyBody(), StandardCharsets.UTF_8))
				.isEqualTo("{\"message\": \"m\", \"seq\": " + sequence + ", \"sent\": " + seconds(this.clock.millis())
						+ ", \"headers\": " + headers + "}");
			reader.send(Map.of("action", "get", "topic", "traced", "after", sequence - 1));
			assertThat(new String(reader.readReplyBody(), StandardCharsets.UTF_8)).isEqualTo("{\"message\": \"m\"}");
		}
	}

	@Test
	void putWithMoreHeadersThanTheLimitIsRefusedWithItsIdAndNothingIsStored() {
		Map<String, String> headers = new HashMap<>();
		for (int i = 0; i <= 64; i++) {
			headers.put("h" + i, "v");
		}
		double before = TestMeters.rejected(this.meterRegistry, "headers-too-large");
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			assertThat(reader.get("too-many")).isEmpty();
			writer.send(Map.of("action", "put", "topic", "too-many", "message", "m", "headers", headers, "id", 1));
			assertThat(writer.readReply()).containsExactly(entry("id", 1),
					entry("error", "\"headers\" has 65 entries, more than the 64 allowed (dsmq.max-headers)"));
			headers.remove("h0");
			writer.send(Map.of("action", "put", "topic", "too-many", "message", "kept", "headers", headers, "id", 2));
			assertThat(writer.readReply()).containsEntry("id", 2).containsEntry("ok", true);
			assertThat(reader.get("too-many")).isEqualTo("kept");
			assertThat(reader.get("too-many")).isEmpty();
			assertThat(TestMeters.rejected(this.meterRegistry, "headers-too-large") - before).isEqualTo(1);
		}
	}

	@Test
	void putWithHeadersLargerThanTheLimitAndNoIdIsRefusedSilentlyAndCounted() {
		double before = TestMeters.rejected(this.meterRegistry, "headers-too-large");
		try (DsmqTestClient writer = connect(); DsmqTestClient reader = connect()) {
			assertThat(reader.get("too-large")).isEmpty();
			writer.send(Map.of("action", "put", "topic", "too-large", "message", "lost", "headers",
					Map.of("big", "x".repeat(8 * 1024))));
			writer.put("too-large", "kept");
			// the put that was refused has no reply: the first one the writer reads is this get's
			assertThat(writer.readReplyAfterGet("too-large")).containsExactly(entry("message", "kept"));
			assertThat(reader.get("too-large")).isEqualTo("kept");
			assertThat(TestMeters.rejected(this.meterRegistry, "headers-too-large") - before).isEqualTo(1);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"k=v\"", "{\"k\": 1}", "{\"k\": null}", "{\"k\": {\"nested\": \"v\"}}" })
	void putWithHeadersThatAreNotAnObjectOfStringsIsRefusedAsABadField(String headers) {
		try (DsmqTestClient writer = connect()) {
			writer.sendRaw(DsmqTestClient.frame(("{\"action\": \"put\", \"topic\": \"bad-headers\", \"message\": 1, "
					+ "\"id\": \"h\", \"headers\": " + headers + "}").getBytes(StandardCharsets.UTF_8)));
			assertThat(writer.readReply()).containsExactly(entry("id", "h"),
					entry("error", "\"headers\" must be an object of string values"));
			assertThat(writer.readReplyAfterGet("bad-headers")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void headersWorkOverWebSocketAsOverFraming() {
		try (JdkWebSocketClient writer = JdkWebSocketClient.connect(port());
				JdkWebSocketClient reader = JdkWebSocketClient.connect(port())) {
			assertThat(reader.get("ws-headers")).isEqualTo("");
			writer.sendText("{\"action\": \"put\", \"topic\": \"ws-headers\", \"message\": 1, \"id\": 1, "
					+ "\"headers\": {\"k\": \"v\"}}");
			long sequence = ((Number) writer.readReply().get("seq")).longValue();
			reader.send(Map.of("action", "get_latest", "topic", "ws-headers", "meta", true));
			assertThat(reader.readText()).isEqualTo("{\"message\": 1, \"seq\": " + sequence + ", \"sent\": "
					+ seconds(this.clock.millis()) + ", \"headers\": {\"k\": \"v\"}}");
		}
	}

	/**
	 * Assert that the next bytes the client reads are exactly these.
	 */
	private static void assertReads(DsmqTestClient client, String expected) {
		byte[] bytes = expected.getBytes(StandardCharsets.UTF_8);
		assertThat(client.readRaw(bytes.length)).asString(StandardCharsets.UTF_8).isEqualTo(expected);
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	/**
	 * Return the time as a reply's {@code sent} gives it: epoch seconds with three decimals.
	 */
	private static String seconds(long millis) {
		return (millis / 1000) + "." + String.format("%03d", millis % 1000);
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
