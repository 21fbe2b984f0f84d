package dev.dsmq.server.tcp;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Messages come back exactly as they were put, whatever they hold and however large the frame.
 */
@SpringBootTest(properties = "dsmq.port=0")
class MessageContentTests {

	private static final String PUT_PREFIX = "{\"action\": \"put\", \"topic\": \"content\", \"message\": ";

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "", "h\u00e9llo w\u00f6rld", "\u65e5\u672c\u8a9e", "emoji \ud83d\ude00\ud83c\udf89",
			"\"quoted\" and 'single'", "back\\slash \\\\ \\u0041", "control \u0000\u0001\u001f\t\n\r\b\f",
			"json {\"nested\": [1, 2]}", "\u2028\u2029 separators" })
	void messageRoundTripsExactly(String message) {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			writer.put("content", message);
			assertThat(writer.readReplyAfterGet("content")).containsEntry("message", message);
			assertThat(reader.readReplyAfterGet("content")).containsEntry("message", message);
		}
	}

	/**
	 * A Python client escapes everything outside ASCII ({@code ensure_ascii}); other clients send raw UTF-8. Either
	 * way the message goes back out as the very bytes that came in.
	 */
	@ParameterizedTest
	@ValueSource(strings = { "\"h\\u00e9llo \\ud83d\\ude00 \\\"q\\\" \\\\ \\n\\t\\u0000\\/\"",
			"\"\u00e9\u65e5\ud83d\ude00\"" })
	void messageComesBackWithTheBytesItWasPutIn(String encodedMessage) {
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame((PUT_PREFIX + encodedMessage + "}").getBytes(StandardCharsets.UTF_8)));
			client.send(Map.of("action", "get", "topic", "content"));
			assertThat(client.readReplyBody())
				.isEqualTo(("{\"message\": " + encodedMessage + "}").getBytes(StandardCharsets.UTF_8));
		}
	}

	@Test
	void oneMebibyteMessageRoundTrips() {
		String message = "m".repeat(1024 * 1024);
		try (DsmqTestClient client = connect()) {
			client.put("mebibyte", message);
			assertThat(client.get("mebibyte")).isEqualTo(message);
		}
	}

	@Test
	void largestFrameTheHeaderCanDescribeRoundTrips() {
		String envelope = "{\"action\": \"put\", \"topic\": \"largest\", \"message\": \"\"}";
		String message = "\u00e9".repeat(100) + "x".repeat(8_999_999 - envelope.length() - 200);
		byte[] body = envelope.replace("\"\"}", "\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
		assertThat(body).hasSize(8_999_999);
		try (DsmqTestClient client = connect()) {
			client.sendRaw(DsmqTestClient.frame(body));
			assertThat(client.get("largest")).isEqualTo(message);
		}
	}

}
