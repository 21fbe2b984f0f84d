package dev.dsmq.client;

import java.util.Optional;

import javax.net.ssl.SSLContext;

import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS and the shared token against a real server that requires both: the client secures and authenticates every
 * connection before its first request, checks the server's name, and says clearly when it is refused.
 */
class SecurityTests {

	/** The server's test certificates, kept once for the repository, under the server's test resources. */
	static final String TLS = "file:../../src/test/resources/tls/";

	private static final String TOKEN = "client-test-token";

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.auth.token=" + TOKEN,
			"spring.ssl.bundle.pem.dsmq.keystore.certificate=" + TLS + "server.crt",
			"spring.ssl.bundle.pem.dsmq.keystore.private-key=" + TLS + "server.key", "dsmq.tls.bundle=dsmq");

	@Test
	void putAndGetWorkOverTlsWithTheToken() {
		try (DsmqClient reader = secured(TOKEN).build(); DsmqClient writer = secured(TOKEN).build()) {
			reader.connect();
			writer.put("secure", "sealed");
			assertThat(reader.getString("secure")).isEqualTo(Optional.of("sealed"));
		}
	}

	@Test
	void reconnectAuthenticatesAgain() {
		try (DsmqClient client = secured(TOKEN).build()) {
			client.put("secure-again", "first");
			server.stop();
			server.start();
			client.put("secure-again", "second");
			assertThat(client.getString("secure-again")).isEqualTo(Optional.of("second"));
		}
	}

	@Test
	void wrongTokenFailsTheConnectWithTheServersReason() {
		try (DsmqClient client = secured("wrong-token").build()) {
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(client::connect)
				.withMessageContaining("the server refused the token: wrong token")
				.withMessageNotContaining("wrong-token");
		}
	}

	@Test
	void missingTokenIsRefusedAtTheFirstRequest() {
		try (DsmqClient client = DsmqClient.builder().port(server.getPort()).sslContext(trustingTheTestCa()).build()) {
			assertThatExceptionOfType(DsmqException.class).isThrownBy(() -> client.put("secure", "anonymous"));
		}
	}

	@Test
	void plainClientCannotTalkToTheTlsServer() {
		try (DsmqClient client = DsmqClient.builder().port(server.getPort()).token(TOKEN).build()) {
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(client::connect);
		}
	}

	private static DsmqClientBuilder secured(String token) {
		return DsmqClient.builder().port(server.getPort()).sslContext(trustingTheTestCa()).token(token);
	}

	static SSLContext trustingTheTestCa() {
		return SslBundle.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate(TLS + "ca.crt")))
			.createSslContext();
	}

}
