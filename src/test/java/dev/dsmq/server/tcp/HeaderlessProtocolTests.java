package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * dsmq 0.1-0.4 on the protocol port: requests as bare JSON objects back to back, replies as bare JSON, as that
 * generation's client sends and reads them.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-body-size=64KB" })
class HeaderlessProtocolTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	private BareJsonClient connect() {
		return BareJsonClient.connect(this.connectionFactory.getPort());
	}

	@Test
	void readerGetsWhatWriterPutInOrder() {
		try (BareJsonClient reader = connect(); BareJsonClient writer = connect()) {
			assertThat(reader.get("fifo")).isEqualTo("");
			writer.put("fifo", "one");
			writer.put("fifo", "two");
			writer.put("fifo", "three");
			assertThat(writer.get("fifo")).isEqualTo("one");
			assertThat(List.of(reader.get("fifo"), reader.get("fifo"), reader.get("fifo"), reader.get("fifo")))
				.containsExactly("one", "two", "three", "");
		}
	}

	@Test
	void lateReaderSeesOnlyWhatWasPutAfterItConnected() {
		try (BareJsonClient writer = connect()) {
			writer.put("late", "before");
			assertThat(writer.get("late")).isEqualTo("before");
			try (BareJsonClient reader = connect()) {
				assertThat(reader.get("late")).isEqualTo("");
				writer.put("late", "after");
				assertThat(writer.get("late")).isEqualTo("after");
				assertThat(reader.get("late")).isEqualTo("after");
			}
		}
	}

	@Test
	void getLatestSkipsToTheNewestMessage() {
		try (BareJsonClient client = connect()) {
			client.put("latest", "a");
			client.put("latest", "b");
			client.put("latest", "c");
			assertThat(client.getLatest("latest")).isEqualTo("c");
			assertThat(client.get("latest")).isEqualTo("");
		}
	}

	@Test
	void unicodeRoundTripsWhetherEscapedOrNot() {
		try (BareJsonClient client = connect()) {
			client.sendRaw("{\"action\": \"put\", \"topic\": \"t\\u00e9\", \"message\": \"h\\u00e9llo \\ud83d\\ude00\"}");
			client.put("t\u00e9", "\u65e5\u672c \ud83d\ude00");
			assertThat(client.get("t\u00e9")).isEqualTo("h\u00e9llo \ud83d\ude00");
			assertThat(client.get("t\u00e9")).isEqualTo("\u65e5\u672c \ud83d\ude00");
		}
	}

	@Test
	void pipelinedRequestsInOneSegmentAreEachActedOnAndAnsweredInOrder() {
		try (BareJsonClient client = connect()) {
			StringBuilder batch = new StringBuilder();
			for (int i = 0; i < 100; i++) {
				batch.append("{\"action\": \"put\", \"topic\": \"pipe\", \"message\": \"m").append(i).append("\"}");
			}
			batch.append("\n{\"action\": \"get\", \"topic\": \"pipe\"} {\"action\": \"get\", \"topic\": \"pipe\"}");
			client.sendRaw(batch.toString());
			assertThat(client.readReply()).containsExactly(entry("message", "m0"));
			assertThat(client.readReply()).containsExactly(entry("message", "m1"));
		}
	}

	@Test
	void requestArrivingOneByteAtATimeIsRead() {
		try (BareJsonClient client = connect()) {
			byte[] get = BareJsonClient.encode(Map.of("action", "get", "topic", "slow {\"}"));
			for (byte b : get) {
				client.sendRaw(new byte[] { b });
			}
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void bracesAndQuotesInsideStringsDoNotEndTheRequest() {
		try (BareJsonClient client = connect()) {
			String message = "} ] { [ \\\" \\\\ \"";
			client.put("braces", Map.of("text", message, "list", List.of("}", "{")));
			assertThat(client.get("braces")).isEqualTo(Map.of("text", message, "list", List.of("}", "{")));
		}
	}

	@Test
	void messagesCrossGenerations() {
		try (BareJsonClient bare = connect();
				DsmqTestClient framed = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			assertThat(bare.get("cross")).isEqualTo("");
			assertThat(framed.get("cross")).isEmpty();
			bare.put("cross", "from 0.4");
			// a get after a put on the same connection sees it, so the next put is accepted after it
			assertThat(bare.get("cross")).isEqualTo("from 0.4");
			framed.put("cross", "from 0.7");
			assertThat(framed.get("cross")).isEqualTo("from 0.4");
			assertThat(framed.get("cross")).isEqualTo("from 0.7");
			assertThat(bare.get("cross")).isEqualTo("from 0.7");
		}
	}

	@Test
	void extensionsWorkAsOverFraming() {
		try (BareJsonClient client = connect()) {
			client.send(Map.of("action", "put", "topic", "ext", "message", Map.of("n", 1), "id", 7));
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 7)
				.containsEntry("ok", true);
			client.send(Map.of("action", "get", "topic", "ext", "id", "r"));
			assertThat(client.readReply()).containsExactly(entry("id", "r"), entry("message", Map.of("n", 1)));
			client.send(Map.of("action", "get", "topic", "ext", "wait", 0.05));
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
	}

	@Test
	void badFieldGetsAnErrorReplyAndTheConnectionStaysOpen() {
		try (BareJsonClient client = connect()) {
			client.send(Map.of("action", "get", "topic", 5));
			assertThat(client.readReply()).containsEntry("message", "").containsKey("error");
			assertThat(client.get("open")).isEqualTo("");
		}
	}

	@Test
	void requestThatIsNotJsonGetsOneErrorAndIsClosedButWhatCameBeforeIsKept() {
		double before = rejected("malformed-body");
		try (BareJsonClient client = connect(); BareJsonClient reader = connect()) {
			assertThat(reader.get("kept")).isEqualTo("");
			client.sendRaw("{\"action\": \"put\", \"topic\": \"kept\", \"message\": \"safe\"}{\"action\": nope}");
			assertThat(client.readReply()).containsEntry("message", "")
				.hasEntrySatisfying("error", (error) -> assertThat((String) error).contains("not valid JSON"));
			assertThat(client.isClosedByServer()).isTrue();
			assertThat(reader.get("kept")).isEqualTo("safe");
		}
		assertThat(rejected("malformed-body") - before).isEqualTo(1);
	}

	@Test
	void bytesBetweenRequestsThatStartNoObjectGetAnErrorAndAClose() {
		try (BareJsonClient client = connect()) {
			client.sendRaw("{\"action\": \"get\", \"topic\": \"x\"} garbage");
			assertThat(client.readReply()).containsExactly(entry("message", ""));
			assertThat(client.readReply()).containsEntry("message", "")
				.hasEntrySatisfying("error", (error) -> assertThat((String) error).contains("not a JSON object"));
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void requestOverTheBodyLimitGetsAnErrorAndAClose() {
		double before = rejected("body-too-large");
		try (BareJsonClient client = connect()) {
			client.sendRaw("{\"action\": \"put\", \"topic\": \"big\", \"message\": \"" + "x".repeat(70_000) + "\"}");
			assertThat(client.readReply()).containsEntry("message", "")
				.hasEntrySatisfying("error", (error) -> assertThat((String) error).contains("65536"));
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("body-too-large") - before).isEqualTo(1);
	}

	@Test
	void aHeaderWithoutItsSpaceIsBareJsonNotFraming() {
		try (BareJsonClient client = connect()) {
			client.sendRaw("{\"msg_length\":1000002} {\"action\": \"get\", \"topic\": \"nospace\"}"
				.getBytes(StandardCharsets.US_ASCII));
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
	}

	private double rejected(String reason) {
		return this.meterRegistry.get("dsmq.requests.rejected").tag("reason", reason).counters().stream()
			.mapToDouble((counter) -> counter.count()).sum();
	}

}
