package dev.dsmq.server;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Actuator endpoints of a server with {@code dsmq.auth.token} set, over HTTP: every one needs the token as a
 * bearer token, except the health endpoint's status, which answers anyone. Run on the HTTP port and on a separate
 * management port.
 */
abstract class ActuatorTokenTests {

	static final String TOKEN = "the-http-t0ken";

	private static final JsonMapper json = JsonMapper.builder().build();

	/**
	 * Return the port that serves the Actuator endpoints.
	 */
	abstract int port();

	@ParameterizedTest
	@ValueSource(strings = { "/actuator", "/actuator/dsmq", "/actuator/info", "/actuator/metrics",
			"/actuator/metrics/dsmq.messages.held", "/actuator/prometheus", "/actuator/nothing-here" })
	void endpointsRefuseARequestWithoutTheToken(String path) {
		assertRefused(actuator().get(path));
	}

	@ParameterizedTest
	@MethodSource("wrongAuthorizations")
	void endpointsRefuseAWrongToken(String authorization) {
		for (String path : new String[] { "/actuator/dsmq", "/actuator/metrics", "/actuator/prometheus" }) {
			assertRefused(actuator().withAuthorization(authorization).get(path));
		}
	}

	static Stream<String> wrongAuthorizations() {
		return Stream.of("Bearer wrong", "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Bearer", TOKEN,
				"Basic " + Base64.getEncoder().encodeToString(("dsmq:" + TOKEN).getBytes(StandardCharsets.UTF_8)));
	}

	@ParameterizedTest
	@ValueSource(strings = { "/actuator/health/../dsmq", "/actuator/health/%2e%2e/prometheus",
			"/actuator/health/..;/dsmq", "/actuator/health/dsmq/../../metrics" })
	void pathsThatLeadOutOfHealthNeedTheToken(String path) {
		assertRefused(actuator().get(path));
	}

	@ParameterizedTest
	@ValueSource(strings = { "Bearer " + TOKEN, "bearer " + TOKEN, "Bearer   " + TOKEN })
	void endpointsAnswerTheRightTokenWhereTheyRefuseNone(String authorization) {
		assertRefused(actuator().get("/actuator/dsmq"));
		ActuatorClient withToken = actuator().withAuthorization(authorization);
		assertThat(withToken.json("/actuator/dsmq").has("topics")).isTrue();
		assertThat(withToken.json("/actuator/info").at("/dsmq/listener/token-required").asBoolean()).isTrue();
		assertThat(withToken.body("/actuator/metrics")).contains("\"dsmq.messages.held\"");
		assertThat(withToken.body("/actuator/metrics/dsmq.messages.held")).contains("\"measurements\"");
		assertThat(withToken.scrape().has("dsmq_messages_held")).isTrue();
	}

	@Test
	void healthAnswersItsStatusToAnyoneAndItsDetailsOnlyWithTheToken() {
		for (ActuatorClient anyone : new ActuatorClient[] { actuator(), actuator().withToken("wrong") }) {
			HttpResponse<String> health = anyone.get("/actuator/health");
			assertThat(health.statusCode()).isEqualTo(200);
			assertStatusAlone(health, "UP");
			assertThat(anyone.get("/actuator/health/dsmq").statusCode()).isEqualTo(404);
			for (String probe : new String[] { "/actuator/health/liveness", "/actuator/health/readiness" }) {
				HttpResponse<String> answer = anyone.get(probe);
				assertThat(answer.statusCode()).as(probe).isEqualTo(200);
				assertStatusAlone(answer, "UP");
			}
		}
		JsonNode health = actuator().withToken(TOKEN).json("/actuator/health");
		assertThat(health.at("/status").asString()).isEqualTo("UP");
		assertThat(health.at("/components/dsmq/details/address").asString()).startsWith("127.0.0.1:");
		assertThat(health.at("/components/diskSpace/details/path").isMissingNode()).isFalse();
		assertThat(actuator().withToken(TOKEN).json("/actuator/health/dsmq").at("/details/connections").isInt())
			.isTrue();
	}

	ActuatorClient actuator() {
		return new ActuatorClient(port());
	}

	/**
	 * Assert that a health response says nothing but its status (and the names of the health groups, such as
	 * {@code liveness}).
	 */
	static void assertStatusAlone(HttpResponse<String> health, String status) {
		JsonNode body = json.readTree(health.body());
		assertThat(body.at("/status").asString()).isEqualTo(status);
		assertThat(body.propertyNames()).as(health.body()).isSubsetOf("status", "groups");
	}

	static void assertRefused(HttpResponse<String> response) {
		assertThat(response.statusCode()).as("status of %s", response.uri()).isEqualTo(401);
		assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly("Bearer realm=\"dsmq\"");
		assertThat(response.body()).isEmpty();
	}

}
