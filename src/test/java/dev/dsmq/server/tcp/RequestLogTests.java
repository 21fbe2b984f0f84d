package dev.dsmq.server.tcp;

import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The TRACE log of requests: a line per request with the peer, the generation and what was asked, never a token or a
 * body, and nothing at all while it is off.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.auth.token=" + RequestLogTests.TOKEN,
		"spring.main.web-application-type=none" })
@ExtendWith(OutputCaptureExtension.class)
class RequestLogTests {

	static final String TOKEN = "never-in-a-log-line";

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private LoggingSystem loggingSystem;

	@AfterEach
	void turnOff() {
		this.loggingSystem.setLogLevel(RequestLog.NAME, null);
	}

	@Test
	void eachRequestIsALineWithItsPeerAndGenerationWhenTraceIsOn(CapturedOutput output) {
		this.loggingSystem.setLogLevel(RequestLog.NAME, LogLevel.TRACE);
		String peer = converse("traced-topic", "a secret body");
		assertThat(output).contains(peer + " framed Request[action=auth")
			.contains(peer + " framed Request[action=put, topic=\"traced-topic\", message=15 bytes")
			.contains(peer + " framed Request[action=get, topic=\"traced-topic\"")
			.contains("token=(hidden)")
			.doesNotContain(TOKEN)
			.doesNotContain("a secret body");
	}

	@Test
	void nothingIsLoggedWhileTraceIsOff(CapturedOutput output) {
		converse("untraced-topic", "quiet");
		assertThat(output).doesNotContain("untraced-topic");
	}

	/**
	 * Authenticate, put and get on a connection of its own, and return the peer address the server sees.
	 */
	private String converse(String topic, String message) {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.send(Map.of("action", "auth", "token", TOKEN, "id", 1));
			assertThat(client.readReply()).containsEntry("ok", true);
			client.put(topic, message);
			assertThat(client.get(topic)).isEqualTo(message);
			return "127.0.0.1:" + client.localPort();
		}
	}

}
