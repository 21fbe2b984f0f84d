package dev.dsmq.client;

import java.util.Optional;

import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The client checks that a TLS server's certificate names the host it connects to, unless told not to.
 */
class HostnameVerificationTests {

	// 127.0.0.2 is a loopback address that the server's certificate (localhost, 127.0.0.1) does not name
	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.host=127.0.0.2",
			"spring.ssl.bundle.pem.dsmq.keystore.certificate=" + SecurityTests.TLS + "server.crt",
			"spring.ssl.bundle.pem.dsmq.keystore.private-key=" + SecurityTests.TLS + "server.key",
			"dsmq.tls.bundle=dsmq");

	@Test
	void serverWhoseCertificateDoesNotNameTheHostIsRefused() {
		try (DsmqClient client = builder().build()) {
			assertThatExceptionOfType(DsmqConnectionException.class).isThrownBy(client::connect)
				.withMessageContaining("could not connect to 127.0.0.2:")
				.withMessageContaining("127.0.0.2");
		}
	}

	@Test
	void turningVerificationOffAcceptsThatServer() {
		try (DsmqClient client = builder().verifyHostname(false).build()) {
			client.put("unverified", "trusted CA, other name");
			assertThat(client.getString("unverified")).isEqualTo(Optional.of("trusted CA, other name"));
		}
	}

	private static DsmqClientBuilder builder() {
		return DsmqClient.builder()
			.host("127.0.0.2")
			.port(server.getPort())
			.sslContext(SecurityTests.trustingTheTestCa());
	}

}
