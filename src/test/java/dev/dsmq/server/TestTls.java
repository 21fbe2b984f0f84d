package dev.dsmq.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Arrays;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * TLS for tests, from the certificates in {@code src/test/resources/tls} (see the README there): the properties of a
 * server that serves them, and JDK {@link SSLSocket} clients that trust their CA.
 */
public final class TestTls {

	/** The properties of a server that serves TLS with the test server certificate, trusting the test CA. */
	public static final String[] SERVER_PROPERTIES = {
			"spring.ssl.bundle.pem.dsmq.keystore.certificate=classpath:tls/server.crt",
			"spring.ssl.bundle.pem.dsmq.keystore.private-key=classpath:tls/server.key",
			"spring.ssl.bundle.pem.dsmq.truststore.certificate=classpath:tls/ca.crt", "dsmq.tls.bundle=dsmq" };

	private TestTls() {
	}

	/**
	 * The server properties as command-line arguments, followed by the given ones: arguments win over the
	 * {@code application.yml} in the working directory, as default properties would not.
	 */
	public static String[] arguments(String... more) {
		return Stream.concat(Arrays.stream(SERVER_PROPERTIES).map((p) -> "--" + p),
				Arrays.stream(more))
			.toArray(String[]::new);
	}

	/**
	 * A client context that trusts the test CA and, if asked, presents the test client certificate.
	 */
	public static SSLContext clientContext(boolean withCertificate) {
		PemSslStoreDetails trust = PemSslStoreDetails.forCertificate("classpath:tls/ca.crt");
		PemSslStoreDetails key = withCertificate
				? PemSslStoreDetails.forCertificate("classpath:tls/client.crt").withPrivateKey("classpath:tls/client.key")
				: null;
		return SslBundle.of(new PemSslStoreBundle(key, trust)).createSslContext();
	}

	/**
	 * Connect to a TLS server on the loopback address and complete the handshake, checking the server's name.
	 */
	public static SSLSocket connect(int port, boolean withCertificate) {
		try {
			Socket plain = new Socket();
			plain.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
			SSLSocket socket = (SSLSocket) clientContext(withCertificate).getSocketFactory()
				.createSocket(plain, "localhost", port, true);
			SSLParameters parameters = socket.getSSLParameters();
			parameters.setEndpointIdentificationAlgorithm("HTTPS");
			socket.setSSLParameters(parameters);
			socket.setSoTimeout(10_000);
			socket.startHandshake();
			return socket;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * A test client over a TLS connection.
	 */
	public static DsmqTestClient client(int port) {
		return DsmqTestClient.over(connect(port, false));
	}

}
