package dev.dsmq.server.tcp;

import java.io.UncheckedIOException;

import javax.net.ssl.SSLSocket;

import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.TestTls;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * {@code dsmq.tls.client-auth=need}: only clients with a certificate the bundle trusts are served.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.tls.client-auth=need",
		"spring.ssl.bundle.pem.dsmq.keystore.certificate=classpath:tls/server.crt",
		"spring.ssl.bundle.pem.dsmq.keystore.private-key=classpath:tls/server.key",
		"spring.ssl.bundle.pem.dsmq.truststore.certificate=classpath:tls/ca.crt", "dsmq.tls.bundle=dsmq" })
class MutualTlsTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void clientWithATrustedCertificateIsServed() {
		try (DsmqTestClient client = DsmqTestClient.over(TestTls.connect(port(), true))) {
			client.put("mtls", "known");
			assertThat(client.get("mtls")).isEqualTo("known");
		}
	}

	@Test
	void clientWithoutACertificateIsRefusedAndCounted() {
		double before = rejected();
		Throwable failure = catchThrowable(() -> {
			// with TLS 1.3 the client may finish its side of the handshake before the server refuses it
			SSLSocket socket = TestTls.connect(port(), false);
			try (DsmqTestClient client = DsmqTestClient.over(socket)) {
				client.put("mtls", "unknown");
				client.get("mtls");
			}
		});
		assertThat(failure).isInstanceOf(UncheckedIOException.class);
		await().until(() -> rejected() == before + 1);
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	private double rejected() {
		return TestMeters.rejected(this.meterRegistry, "tls-handshake");
	}

}
