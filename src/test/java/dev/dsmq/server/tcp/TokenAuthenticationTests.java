package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@code dsmq.auth.token}: a connection must present the token first; one that does not is answered with an error
 * frame and closed before anything it sent is acted on, and the token never reaches the log.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.auth.token=" + TokenAuthenticationTests.TOKEN })
@ExtendWith(OutputCaptureExtension.class)
class TokenAuthenticationTests {

	static final String TOKEN = "s3cret-Token-7f2a";

	private static final String WRONG_TOKEN = "guessed-Token-0000";

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Autowired
	private Refusals refusals;

	@Test
	void rightTokenIsAcknowledgedWithItsIdThenPutAndGetWork() {
		try (DsmqTestClient reader = authorised(); DsmqTestClient writer = connect()) {
			writer.send(Map.of("action", "auth", "token", TOKEN, "id", 7));
			assertThat(writer.readReply()).containsExactly(entry("id", 7), entry("ok", true));
			assertThat(reader.get("auth")).isEmpty();
			writer.put("auth", "let in");
			assertThat(writer.get("auth")).isEqualTo("let in");
			assertThat(reader.get("auth")).isEqualTo("let in");
		}
	}

	@Test
	void wrongTokenGetsAnErrorFrameAndNothingItSentIsStored(CapturedOutput output) {
		// a new minute of refusal logging: the first refusal of a kind from this address is logged again
		this.refusals.summarise();
		double before = rejected("auth-failed");
		try (DsmqTestClient reader = authorised()) {
			assertThat(reader.get("auth-wrong")).isEmpty();
			try (DsmqTestClient intruder = connect()) {
				intruder.sendRaw(concat(frame(Map.of("action", "auth", "token", WRONG_TOKEN)),
						frame(Map.of("action", "put", "topic", "auth-wrong", "message", "smuggled"))));
				assertThat(intruder.readReply()).containsExactly(entry("message", ""), entry("error", "wrong token"));
				assertThat(intruder.isClosedByServer()).isTrue();
			}
			try (DsmqTestClient writer = authorised()) {
				writer.put("auth-wrong", "after");
				assertThat(writer.get("auth-wrong")).isEqualTo("after");
			}
			assertThat(reader.get("auth-wrong")).isEqualTo("after");
		}
		assertThat(rejected("auth-failed")).isEqualTo(before + 1);
		assertThat(output).contains("Rejected request from 127.0.0.1:", ": wrong token")
			.doesNotContain(WRONG_TOKEN)
			.doesNotContain(TOKEN);
	}

	@Test
	void requestBeforeAuthIsRefusedAndNotActedOn() {
		double before = rejected("auth-required");
		try (DsmqTestClient reader = authorised()) {
			assertThat(reader.get("auth-first")).isEmpty();
			try (DsmqTestClient client = connect()) {
				client.sendRaw(concat(frame(Map.of("action", "put", "topic", "auth-first", "message", "early")),
						frame(Map.of("action", "auth", "token", TOKEN))));
				assertThat(client.readReply()).containsExactly(entry("message", ""), entry("error",
						"authentication required: send {\"action\": \"auth\", \"token\": ...} first"));
				assertThat(client.isClosedByServer()).isTrue();
			}
			try (DsmqTestClient writer = authorised()) {
				writer.put("auth-first", "after");
				assertThat(writer.get("auth-first")).isEqualTo("after");
			}
			assertThat(reader.get("auth-first")).isEqualTo("after");
		}
		assertThat(rejected("auth-required")).isEqualTo(before + 1);
	}

	@Test
	void authWithoutTokenFieldIsRefused() {
		double before = rejected("auth-failed");
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "auth", "token", 42));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"token\" is missing or not a string"));
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("auth-failed")).isEqualTo(before + 1);
	}

	@Test
	void authPipelinedWithRequestsLetsThemThrough() {
		try (DsmqTestClient client = connect()) {
			client.sendRaw(concat(frame(Map.of("action", "auth", "token", TOKEN)),
					frame(Map.of("action", "put", "topic", "auth-pipelined", "message", "together")),
					frame(Map.of("action", "get", "topic", "auth-pipelined"))));
			assertThat(client.readReply()).containsExactly(entry("ok", true));
			assertThat(client.readReply()).containsExactly(entry("message", "together"));
		}
	}

	@Test
	void laterAuthWithTheRightTokenIsAcknowledgedAgain() {
		try (DsmqTestClient client = authorised()) {
			client.send(Map.of("action", "auth", "token", TOKEN, "id", 2));
			assertThat(client.readReply()).containsExactly(entry("id", 2), entry("ok", true));
			assertThat(client.get("auth-later")).isEmpty();
		}
	}

	@Test
	void laterAuthWithAWrongTokenClosesTheConnection() {
		try (DsmqTestClient client = authorised()) {
			client.send(Map.of("action", "auth", "token", WRONG_TOKEN, "id", 3));
			assertThat(client.readReply()).containsExactly(entry("message", ""), entry("error", "wrong token"));
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	@Test
	void authIsParsedLikeEveryRequest() {
		double before = rejected("malformed-body");
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(
					("{\"action\": \"auth\", \"token\": \"" + TOKEN + "\"} trailing").getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReply()).hasEntrySatisfying("error",
					(error) -> assertThat((String) error).startsWith("body is not valid JSON at byte "));
			assertThat(client.isClosedByServer()).isTrue();
		}
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(("{\"action\": \"auth\", \"token\": \"" + TOKEN + "\"} {}")
				.getBytes(StandardCharsets.UTF_8)));
			assertThat(client.readReply()).containsEntry("error", "body has more than one JSON value");
			assertThat(client.isClosedByServer()).isTrue();
		}
		assertThat(rejected("malformed-body")).isEqualTo(before + 2);
	}

	@Test
	void authWithAnIdOfTheWrongTypeIsRefusedWithTheReason() {
		try (DsmqTestClient client = connect()) {
			client.send(Map.of("action", "auth", "token", TOKEN, "id", Map.of("n", 1)));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"id\" must be a string or a number"));
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	private DsmqTestClient authorised() {
		DsmqTestClient client = connect();
		client.send(Map.of("action", "auth", "token", TOKEN));
		assertThat(client.readReply()).containsExactly(entry("ok", true));
		return client;
	}

	private double rejected(String reason) {
		return TestMeters.rejected(this.meterRegistry, reason);
	}

	private static byte[] frame(Map<String, ?> request) {
		return DsmqTestClient.frame(request);
	}

	private static byte[] concat(byte[]... frames) {
		ByteArrayOutputStream all = new ByteArrayOutputStream();
		for (byte[] frame : frames) {
			all.writeBytes(frame);
		}
		return all.toByteArray();
	}

}
