package dev.dsmq.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator asks the HTTP port: which build runs with which limits ({@code /actuator/info}), and whether the
 * server is alive and ready for traffic (the liveness and readiness probes).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.time-to-live=90s", "dsmq.max-connections=77",
				"dsmq.max-held-bytes=3MB", "dsmq.groups.visibility-timeout=1500ms" })
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class InfoAndProbesTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private ApplicationContext context;

	@Test
	void infoShowsTheBuildsVersionAndTheLimitsInEffect() {
		HttpResponse<String> response = http().get("/actuator/info");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode info = json.readTree(response.body());
		assertThat(info.at("/build/artifact").asString()).isEqualTo("dsmq-server");
		assertThat(info.at("/build/version").asString()).isNotBlank();
		assertThat(info.at("/java/version").asString()).isEqualTo(System.getProperty("java.version"));
		JsonNode dsmq = info.at("/dsmq");
		assertThat(dsmq.at("/listener/token-required").asBoolean()).isFalse();
		assertThat(dsmq.at("/listener/threads").asString())
			.isEqualTo((Runtime.version().feature() >= 21) ? "virtual" : "platform");
		assertThat(dsmq.at("/store").asString()).isNotBlank();
		JsonNode limits = dsmq.at("/limits");
		assertThat(limits.at("/time-to-live").asString()).isEqualTo("90s");
		assertThat(limits.at("/max-connections").asInt()).isEqualTo(77);
		assertThat(limits.at("/max-held-bytes").asLong()).isEqualTo(3L * 1024 * 1024);
		assertThat(limits.at("/groups.visibility-timeout").asString()).isEqualTo("1500ms");
	}

	@Test
	void infoGivesALimitComputedFromTheHeapWhereNoneIsSet() {
		// dsmq.max-in-flight-bytes is not set above: an eighth of the heap of this JVM, where the server runs
		JsonNode limits = json.readTree(http().get("/actuator/info").body()).at("/dsmq/limits");
		assertThat(limits.at("/max-in-flight-bytes").asLong()).isEqualTo(Runtime.getRuntime().maxMemory() / 8);
	}

	@Test
	void livenessAndReadinessAreUpWhileTheServerServes() {
		assertThat(status("/actuator/health/liveness")).isEqualTo(200);
		assertThat(status("/actuator/health/readiness")).isEqualTo(200);
		assertThat(status("/livez")).isEqualTo(200);
		assertThat(status("/readyz")).isEqualTo(200);
	}

	@Test
	void readinessIncludesTheDsmqComponent() {
		JsonNode readiness = json.readTree(http().get("/actuator/health/readiness").body());
		assertThat(readiness.at("/components/dsmq/status").asString()).isEqualTo("UP");
		assertThat(readiness.at("/components/readinessState/status").asString()).isEqualTo("UP");
		JsonNode liveness = json.readTree(http().get("/actuator/health/liveness").body());
		assertThat(liveness.at("/components/dsmq").isMissingNode()).isTrue();
	}

	@Test
	@DirtiesContext
	void aServerThatStopsListeningIsNotReadyButStillAlive() {
		this.connectionFactory.stop();
		assertThat(status("/readyz")).isEqualTo(503);
		assertThat(status("/livez")).isEqualTo(200);
	}

	@Test
	@DirtiesContext
	void aServerRefusingTrafficIsNotReadyButStillAlive() {
		AvailabilityChangeEvent.publish(this.context, ReadinessState.REFUSING_TRAFFIC);
		assertThat(status("/actuator/health/readiness")).isEqualTo(503);
		assertThat(status("/actuator/health/liveness")).isEqualTo(200);
	}

	private int status(String path) {
		return http().get(path).statusCode();
	}

	private ActuatorClient http() {
		return new ActuatorClient(this.httpPort);
	}

}
