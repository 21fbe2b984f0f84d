package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * Bad input on the wire: broken framing gets one error frame and a close; a bad request on a good frame gets an error
 * reply where the action has a reply and silence where it has none, and the connection stays open. Either way the
 * rejection is counted and every other connection goes on being served.
 */
@SpringBootTest(properties = "dsmq.port=0")
class BadInputTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	private DsmqTestClient bystander;

	@BeforeEach
	void connectBystander() {
		this.bystander = connect();
	}

	@AfterEach
	void bystanderIsStillServed() {
		this.bystander.put("bystander", "still here");
		assertThat(this.bystander.get("bystander")).isEqualTo("still here");
		this.bystander.close();
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	@Test
	void malformedHeaderGetsErrorFrameThenClose() {
		double before = rejected("malformed-header");
		try (DsmqTestClient client = connect()) {
			client.sendRaw("{\"msg_length\": 10000x5}{\"action\": \"get\"}".getBytes(StandardCharsets.US_ASCII));
			assertThat(client.readReply()).containsEntry("message", "")
				.hasEntrySatisfying("error", (error) -> assertThat((String) error).contains("header"));
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("malformed-header") - before).isEqualTo(1);
	}

	@Test
	void bodyThatIsNotJsonGetsErrorFrameThenClose() {
		double before = rejected("malformed-body");
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame("{\"action\": \"get\", \"topic\": ".getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReply()).containsEntry("message", "")
				.hasEntrySatisfying("error", (error) -> assertThat((String) error).startsWith("body is not valid JSON"));
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("malformed-body") - before).isEqualTo(1);
	}

	@Test
	void pipelinedPutsBeforeABrokenFrameAreKeptAndFramesAfterItAreNot() {
		try (DsmqTestClient reader = connect(); DsmqTestClient client = connect()) {
			ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
			pipeline.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "cut", "message", "a")));
			pipeline.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "cut", "message", "b")));
			pipeline.writeBytes(DsmqTestClient.frame("{\"action\": ".getBytes(StandardCharsets.UTF_8)));
			pipeline.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "cut", "message", "c")));
			client.sendRaw(pipeline.toByteArray());
			assertThat(client.readReply()).containsKey("error");
			assertThat(client.isClosedByServer()).isTrue();
			assertThat(reader.get("cut")).isEqualTo("a");
			assertThat(reader.get("cut")).isEqualTo("b");
			assertThat(reader.get("cut")).isEmpty();
		}
	}

	@Test
	void framesBehindABrokenHeaderAreNotActedOn() {
		double before = rejected("malformed-header");
		try (DsmqTestClient reader = connect(); DsmqTestClient client = connect()) {
			assertThat(reader.get("behind")).isEmpty();
			ByteArrayOutputStream pipeline = new ByteArrayOutputStream();
			pipeline.writeBytes("{\"msg_length\": 10000x5}".getBytes(StandardCharsets.US_ASCII));
			pipeline.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", "behind", "message", "lost")));
			pipeline.writeBytes("{\"msg_length\": 10000x5}".getBytes(StandardCharsets.US_ASCII));
			client.sendRaw(pipeline.toByteArray());
			assertThat(client.readReply()).containsKey("error");
			assertThat(client.isClosedByServer()).isTrue();
			// the frames that arrived behind the broken header would be handled, if at all, just after the close
			await().during(Duration.ofMillis(300)).until(() -> rejected("malformed-header") - before == 1);
			assertThat(reader.get("behind")).isEmpty();
		}
	}

	@Test
	void peerThatClosesInTheMiddleOfAFrameIsCounted() {
		double before = rejected("truncated-frame");
		try (DsmqTestClient client = connect()) {
			client.sendRaw("{\"msg_length\": 10".getBytes(StandardCharsets.US_ASCII));
		}
		await().until(() -> rejected("truncated-frame") - before == 1);
	}

	@Test
	void bodyThatIsNotUtf8GetsErrorFrameThenClose() {
		byte[] body = "{\"action\": \"put\", \"topic\": \"t\", \"message\": \"\u00ff\"}".getBytes(StandardCharsets.ISO_8859_1);
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(body));
			assertThat(client.readReply()).containsEntry("error", "body is not valid UTF-8");
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void getWithoutTopicGetsErrorReplyAndConnectionStaysOpen() {
		double before = rejected("invalid-field");
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "get"));
			assertThat(client.readReply()).containsExactly(entry("message", ""), entry("error", "\"topic\" is missing"));
			client.put("after-error", "served");
			assertThat(client.get("after-error")).isEqualTo("served");
		}
		assertThat(rejected("invalid-field") - before).isEqualTo(1);
	}

	@Test
	void getLatestWithNumericTopicGetsErrorReplyAndConnectionStaysOpen() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "get_latest", "topic", 7));
			assertThat(client.readReply()).containsEntry("error", "\"topic\" must be a string");
			assertThat(client.getLatest("numeric")).isEmpty();
		}
	}

	@Test
	void topicWithAnUnpairedSurrogateIsRefusedAndNotMergedWithAnother() {
		try (DsmqTestClient reader = connect(); DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(
					"{\"action\": \"put\", \"topic\": \"\\ud800\", \"message\": \"m\"}".getBytes(StandardCharsets.UTF_8)));
			client.sendRaw(DsmqTestClient.frame("{\"action\": \"get\", \"topic\": \"\\udbff\"}".getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReply()).hasEntrySatisfying("error",
					(error) -> assertThat((String) error).contains("unpaired surrogate"));
			assertThat(client.get("?")).isEmpty();
			assertThat(reader.get("?")).isEmpty();
		}
	}

	@Test
	void putWithoutMessageIsAnsweredWithSilenceAndConnectionStaysOpen() {
		double before = rejected("invalid-field");
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "put", "topic", "silent"));
			client.send(Map.of("action", "put", "topic", 42, "message", "lost"));
			client.put("silent", "good");
			assertThat(client.readReplyAfterGet("silent")).containsExactly(entry("message", "good"));
		}
		assertThat(rejected("invalid-field") - before).isEqualTo(2);
	}

	@Test
	void unknownActionIsAnsweredWithSilenceAndConnectionStaysOpen() {
		double unknownBefore = rejected("unknown-action");
		double invalidBefore = rejected("invalid-field");
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "purge", "topic", "t"));
			client.send(Map.of("topic", "t"));
			assertThat(client.readReplyAfterGet("unknown")).containsExactly(entry("message", ""));
		}
		assertThat(rejected("unknown-action") - unknownBefore).isEqualTo(1);
		assertThat(rejected("invalid-field") - invalidBefore).isEqualTo(1);
	}

	@Test
	void bodyThatIsNotAnObjectIsAnsweredWithSilenceAndConnectionStaysOpen() {
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame("[\"get\", \"t\"]".getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReplyAfterGet("array")).containsExactly(entry("message", ""));
		}
	}

	@Test
	void unknownFieldsAreIgnored() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "put", "topic", "extra", "message", "kept", "priority", Map.of("a", 1)));
			assertThat(client.readReplyAfterGet("extra")).containsExactly(entry("message", "kept"));
		}
	}

	@Test
	void validJsonBeyondJacksonsDefaultsRoundTripsByteForByte() {
		String message = "{\"" + "n".repeat(60_000) + "\": [" + "[".repeat(600) + "1" + "]".repeat(600) + ", "
				+ "7".repeat(5_000) + "]}";
		byte[] put = ("{\"action\": \"put\", \"topic\": \"beyond\", \"message\": " + message + "}")
			.getBytes(StandardCharsets.UTF_8);
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(put));
			client.send(Map.of("action", "get", "topic", "beyond"));
			assertThat(new String(client.readReplyBody(), StandardCharsets.UTF_8))
				.isEqualTo("{\"message\": " + message + "}");
		}
	}

	@Test
	void bodyNestedDeeperThanTheLimitIsRefusedWithItsIdAndTheConnectionStaysOpen() {
		double before = rejected("nesting-too-deep");
		String deep = "[".repeat(1_000) + "]".repeat(1_000);
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(("{\"action\": \"put\", \"topic\": \"deep\", \"message\": " + deep
					+ ", \"id\": 41}").getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReply()).containsExactly(entry("id", 41),
					entry("error", "body nests deeper than 1000 levels (dsmq.max-nesting-depth)"));
			assertThat(client.readReplyAfterGet("deep")).containsExactly(entry("message", ""));
		}
		assertThat(rejected("nesting-too-deep") - before).isEqualTo(1);
	}

	@Test
	void topicLongerThanTheLimitIsRefusedAndTheConnectionStaysOpen() {
		double before = rejected("topic-too-long");
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "put", "topic", "t".repeat(1_025), "message", "m"));
			client.send(Map.of("action", "get", "topic", "t".repeat(2_000_000)));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"topic\" of 2000000 bytes exceeds the 1024-byte limit (dsmq.max-topic-length)"));
			client.put("t".repeat(1_024), "at the limit");
			assertThat(client.get("t".repeat(1_024))).isEqualTo("at the limit");
		}
		assertThat(rejected("topic-too-long") - before).isEqualTo(2);
	}

	@Test
	void refusalsOfBrokenJsonSpeakOfTheRequest() {
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame("{\"action\": \"get\", \"topic\": tee}".getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "body is not valid JSON at byte 27"));
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	private double rejected(String reason) {
		return TestMeters.rejected(this.meterRegistry, reason);
	}

}
