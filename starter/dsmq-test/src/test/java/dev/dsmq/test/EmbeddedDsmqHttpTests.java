package dev.dsmq.test;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An embedded server given its HTTP side, as the command line's tests run one: the Actuator endpoints answer as the
 * executable jar's do, the token checked on them.
 */
class EmbeddedDsmqHttpTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("spring.main.web-application-type=servlet",
			"server.port=0", "dsmq.auth.token=http-test-token");

	@Test
	void endpointsAskForTheTokenAsTheExecutableJarsDo() throws IOException {
		assertThat(status("/actuator/dsmq", null)).isEqualTo(401);
		assertThat(status("/actuator/dsmq", "http-test-token")).isEqualTo(200);
		assertThat(status("/actuator/health", null)).isEqualTo(200);
	}

	private static int status(String path, String token) throws IOException {
		URI uri = URI.create("http://" + server.getHost() + ":" + server.getProperty("local.server.port") + path);
		HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
		if (token != null) {
			connection.setRequestProperty("Authorization", "Bearer " + token);
		}
		try {
			return connection.getResponseCode();
		}
		finally {
			connection.disconnect();
		}
	}

}
