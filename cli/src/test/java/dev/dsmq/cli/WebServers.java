package dev.dsmq.cli;

import java.util.Arrays;
import java.util.stream.Stream;

import dev.dsmq.test.EmbeddedDsmqServer;

/**
 * Embedded servers with their HTTP side too, which {@code topics} and {@code health} read: Spring Boot's
 * {@code spring.main.web-application-type} overrules the embedded server's default of none.
 */
final class WebServers {

	/** The server's test certificates, under the server's test resources. */
	static final String TLS = "../src/test/resources/tls/";

	private WebServers() {
	}

	static EmbeddedDsmqServer onFreePorts(String... properties) {
		return EmbeddedDsmqServer.onFreePort(Stream
			.concat(Stream.of("spring.main.web-application-type=servlet", "server.port=0"), Arrays.stream(properties))
			.toArray(String[]::new));
	}

	static String httpPort(EmbeddedDsmqServer server) {
		String port = server.getProperty("local.server.port");
		if (port == null) {
			throw new IllegalStateException(server + " serves no HTTP");
		}
		return port;
	}

}
