package dev.dsmq.server.tcp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

import dev.dsmq.server.TestMeters;
import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.TestTls;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * TLS on the protocol port ({@code dsmq.tls.bundle}): the protocol works unchanged inside it, and a client that does
 * not complete the handshake is closed and counted without holding up anyone else.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.tls.handshake-timeout=3s",
				"spring.ssl.bundle.pem.dsmq.keystore.certificate=classpath:tls/server.crt",
				"spring.ssl.bundle.pem.dsmq.keystore.private-key=classpath:tls/server.key",
				"spring.ssl.bundle.pem.dsmq.truststore.certificate=classpath:tls/ca.crt", "dsmq.tls.bundle=dsmq" })
class TlsTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@LocalServerPort
	private int httpPort;

	@Test
	void putAndGetWorkOverTls() {
		try (DsmqTestClient reader = TestTls.client(port()); DsmqTestClient writer = TestTls.client(port())) {
			assertThat(reader.get("tls")).isEmpty();
			writer.put("tls", "sealed");
			assertThat(writer.get("tls")).isEqualTo("sealed");
			assertThat(reader.get("tls")).isEqualTo("sealed");
		}
	}

	@Test
	void frameWrittenInTwoPartsIsReadOverTls() {
		try (DsmqTestClient client = TestTls.client(port())) {
			byte[] frame = DsmqTestClient.frame(Map.of("action", "put", "topic", "tls-split", "message", "halves"));
			client.sendRaw(Arrays.copyOfRange(frame, 0, 23));
			client.sendRaw(Arrays.copyOfRange(frame, 23, frame.length));
			assertThat(client.get("tls-split")).isEqualTo("halves");
		}
	}

	@Test
	void plainTextClientIsClosedAndCounted() throws IOException {
		double before = rejected();
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", port()));
			plain.setSoTimeout(10_000);
			plain.getOutputStream().write(DsmqTestClient.frame(Map.of("action", "get", "topic", "tls")));
			assertThat(readUntilClosed(plain.getInputStream())).doesNotContain("msg_length");
		}
		await().until(() -> rejected() == before + 1);
	}

	@Test
	void silentClientIsClosedAfterTheHandshakeTimeoutWithoutHoldingUpOthers() throws IOException {
		double before = rejected();
		try (Socket silent = new Socket()) {
			silent.connect(new InetSocketAddress("127.0.0.1", port()));
			silent.setSoTimeout(10_000);
			try (DsmqTestClient other = TestTls.client(port())) {
				assertThat(other.get("tls-silent")).isEmpty();
			}
			assertThat(readUntilClosed(silent.getInputStream())).doesNotContain("msg_length");
		}
		await().until(() -> rejected() == before + 1);
	}

	@Test
	void clientThatDoesNotTrustTheServerIsCounted() throws IOException {
		double before = rejected();
		try (Socket plain = new Socket()) {
			plain.connect(new InetSocketAddress("127.0.0.1", port()));
			// the JDK's default trust store does not know the test CA
			SSLSocket untrusting = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
				.createSocket(plain, "localhost", port(), true);
			untrusting.setSoTimeout(10_000);
			try {
				untrusting.startHandshake();
			}
			catch (IOException expected) {
				// the client refuses the server's certificate; the server sees the handshake fail
			}
		}
		await().until(() -> rejected() == before + 1);
	}

	@Test
	void aWaitingReadNoticesThatItsTlsPeerHasGoneAndAPatientOneIsAnswered() {
		double open = TestMeters.openConnections(this.meterRegistry);
		try (DsmqTestClient patient = TestTls.client(port()); DsmqTestClient writer = TestTls.client(port())) {
			patient.send(Map.of("action", "get", "topic", "tls-wait", "wait", 30, "id", 1));
			try (DsmqTestClient leaver = TestTls.client(port())) {
				leaver.send(Map.of("action", "get", "topic", "tls-wait-left", "wait", 60));
				await().until(() -> this.meterRegistry.get("dsmq.reads.waiting").gauge().value() == 2);
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> TestMeters.openConnections(this.meterRegistry) == open + 2);
			writer.put("tls-wait", "sealed and delivered");
			assertThat(patient.readReply()).containsEntry("id", 1).containsEntry("message", "sealed and delivered");
		}
	}

	@Test
	void slowHandshakesAreClosedAtTheirTimeoutWhileOthersAreServed() throws Exception {
		double before = rejected();
		List<Socket> slow = new ArrayList<>();
		try {
			for (int i = 0; i < 50; i++) {
				Socket socket = new Socket();
				socket.connect(new InetSocketAddress("127.0.0.1", port()));
				// the first bytes of a ClientHello, and then nothing
				socket.getOutputStream().write(new byte[] { 0x16, 0x03, 0x01, 0x02, 0x00, 0x01 });
				slow.add(socket);
			}
			try (DsmqTestClient reader = TestTls.client(port()); DsmqTestClient writer = TestTls.client(port())) {
				for (int i = 0; i < 20; i++) {
					writer.put("tls-busy", "m" + i);
					assertThat(writer.get("tls-busy")).isEqualTo("m" + i);
					assertThat(reader.get("tls-busy")).isEqualTo("m" + i);
				}
			}
			for (Socket socket : slow) {
				socket.setSoTimeout(10_000);
				assertThat(readUntilClosed(socket.getInputStream())).doesNotContain("msg_length");
			}
		}
		finally {
			for (Socket socket : slow) {
				socket.close();
			}
		}
		await().until(() -> rejected() == before + 50);
	}

	@Test
	void healthIsUpWithTls() throws Exception {
		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.httpPort + "/actuator/health")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("\"address\":\"127.0.0.1:" + port() + "\"");
	}

	private int port() {
		return this.connectionFactory.getPort();
	}

	private double rejected() {
		return TestMeters.rejected(this.meterRegistry, "tls-handshake");
	}

	/**
	 * Read what the server sends until it closes the connection (an end of stream or a reset).
	 */
	private static String readUntilClosed(InputStream in) {
		StringBuilder text = new StringBuilder();
		byte[] buffer = new byte[1024];
		try {
			int read;
			while ((read = in.read(buffer)) >= 0) {
				text.append(new String(buffer, 0, read, StandardCharsets.ISO_8859_1));
			}
		}
		catch (SocketTimeoutException ex) {
			throw new UncheckedIOException("the server did not close the connection", ex);
		}
		catch (IOException ex) {
			// a reset closes it too
		}
		return text.toString();
	}

}
