package dev.dsmq.server.tcp;

import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Without {@code dsmq.auth.token}, every connection is let in as a dsmq client expects, and an {@code auth} request
 * is accepted whatever its token, so that a client configured with a token works against an open server.
 */
@SpringBootTest(properties = "dsmq.port=0")
class OpenServerAuthTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void authIsAcceptedWhenNoTokenIsRequired() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.send(Map.of("action", "auth", "token", "anything", "id", "a"));
			assertThat(client.readReply()).containsExactly(entry("id", "a"), entry("ok", true));
			client.put("open", "in");
			assertThat(client.get("open")).isEqualTo("in");
		}
	}

	@Test
	void clientThatNeverAuthenticatesIsServedWhenNoTokenIsRequired() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.put("open-plain", "as dsmq");
			assertThat(client.get("open-plain")).isEqualTo("as dsmq");
		}
	}

}
