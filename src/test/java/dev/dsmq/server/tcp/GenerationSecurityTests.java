package dev.dsmq.server.tcp;

import java.util.Map;

import dev.dsmq.server.BareJsonClient;
import dev.dsmq.server.JdkWebSocketClient;
import dev.dsmq.server.TestTls;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * TLS and the token apply to every generation: the first bytes after the TLS handshake tell the generation, and
 * the first request of each must be {@code auth}.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.auth.token=s3cret",
		"spring.ssl.bundle.pem.dsmq.keystore.certificate=classpath:tls/server.crt",
		"spring.ssl.bundle.pem.dsmq.keystore.private-key=classpath:tls/server.key",
		"spring.ssl.bundle.pem.dsmq.truststore.certificate=classpath:tls/ca.crt", "dsmq.tls.bundle=dsmq" })
class GenerationSecurityTests {

	private static final Map<String, String> AUTH = Map.of("action", "auth", "token", "s3cret");

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	private int port() {
		return this.connectionFactory.getPort();
	}

	@Test
	void webSocketOverTlsAuthenticatesThenPutsAndGets() {
		try (JdkWebSocketClient reader = JdkWebSocketClient.connectTls(port(), TestTls.clientContext(false));
				JdkWebSocketClient writer = JdkWebSocketClient.connectTls(port(), TestTls.clientContext(false))) {
			reader.send(AUTH);
			assertThat(reader.readReply()).containsExactly(entry("ok", true));
			writer.send(AUTH);
			assertThat(writer.readReply()).containsExactly(entry("ok", true));
			assertThat(reader.get("wss")).isEqualTo("");
			writer.put("wss", "secret message");
			assertThat(writer.get("wss")).isEqualTo("secret message");
			assertThat(reader.get("wss")).isEqualTo("secret message");
		}
	}

	@Test
	void webSocketWithoutAuthIsRefusedAndClosedWith1008() {
		try (JdkWebSocketClient client = JdkWebSocketClient.connectTls(port(), TestTls.clientContext(false))) {
			client.send(Map.of("action", "get", "topic", "wss"));
			assertThat(client.readReply()).containsEntry("message", "")
				.hasEntrySatisfying("error", (error) -> assertThat((String) error).contains("authentication required"));
			assertThat(client.closeCode()).isEqualTo(1008);
		}
	}

	@Test
	void bareJsonOverTlsAuthenticatesOrIsRefused() {
		try (BareJsonClient client = BareJsonClient.over(TestTls.connect(port(), false))) {
			client.send(AUTH);
			assertThat(client.readReply()).containsExactly(entry("ok", true));
			assertThat(client.get("tls-bare")).isEqualTo("");
		}
		try (BareJsonClient client = BareJsonClient.over(TestTls.connect(port(), false))) {
			client.send(Map.of("action", "get", "topic", "tls-bare"));
			assertThat(client.readReply()).containsEntry("message", "").containsKey("error");
			assertThat(client.isClosedByServer()).isTrue();
		}
	}

}
