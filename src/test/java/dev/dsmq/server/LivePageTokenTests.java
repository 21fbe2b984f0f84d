package dev.dsmq.server;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live page and its data on a server with {@code dsmq.auth.token} set: they need the token, as a bearer token or
 * as the password of HTTP Basic, and ask a browser for it with a Basic challenge. Run with Actuator on the HTTP port
 * and on a port of its own, where the page stays on the HTTP port.
 */
abstract class LivePageTokenTests {

	static final String TOKEN = "the-page-t0ken";

	private static final String[] PATHS = { "/", "/dsmq/page.js", "/dsmq/page.css", "/dsmq/icon.svg",
			LivePage.OVERVIEW_PATH };

	/**
	 * Return the HTTP port, which serves the page.
	 */
	abstract int httpPort();

	@ParameterizedTest
	@ValueSource(strings = { "/", "/dsmq/page.js", "/dsmq/page.css", LivePage.OVERVIEW_PATH, "/dsmq/nothing-here" })
	void pageAndItsDataRefuseARequestWithoutTheTokenWithABasicChallenge(String path) {
		assertRefused(page().get(path));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer wrong", "Bearer " + TOKEN + "x", "Basic ", "Basic !!not-base64!!", TOKEN })
	void pageAndItsDataRefuseAWrongToken(String authorization) {
		for (String path : PATHS) {
			assertRefused(page().withAuthorization(authorization).get(path));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "dsmq:wrong", "dsmq:" + TOKEN + "x", TOKEN, TOKEN + ":", ":he-page-t0ken" })
	void pageAndItsDataRefuseAWrongBasicPassword(String credentials) {
		for (String path : PATHS) {
			assertRefused(page().withAuthorization(basic(credentials)).get(path));
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer " + TOKEN, "bearer " + TOKEN })
	void pageAndItsDataAnswerTheTokenAsABearerToken(String authorization) {
		assertAnswered(page().withAuthorization(authorization));
	}

	@ParameterizedTest
	@ValueSource(strings = { "dsmq:" + TOKEN, "anyone at all:" + TOKEN, ":" + TOKEN })
	void pageAndItsDataAnswerTheTokenAsTheBasicPasswordOfAnyUser(String credentials) {
		assertAnswered(page().withAuthorization(basic(credentials)));
		assertAnswered(page().withAuthorization("basic  " + base64(credentials)));
	}

	ActuatorClient page() {
		return new ActuatorClient(httpPort());
	}

	static String basic(String credentials) {
		return "Basic " + base64(credentials);
	}

	private static String base64(String credentials) {
		return Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertAnswered(ActuatorClient withToken) {
		for (String path : PATHS) {
			assertThat(withToken.get(path).statusCode()).as("status of %s", path).isEqualTo(200);
		}
		assertThat(withToken.json(LivePage.OVERVIEW_PATH).has("topics")).isTrue();
	}

	static void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("status of %s", response.uri()).isEqualTo(401);
		assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(PageAccessFilter.CHALLENGE)
			.containsExactly("Basic realm=\"dsmq\"");
		assertThat(response.body()).isEmpty();
	}

}
