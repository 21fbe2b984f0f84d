package dev.dsmq.server;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token on the live page where Actuator has a port of its own, {@code management.server.port}: the page stays on
 * the HTTP port, guarded there, and the management port serves no page.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "management.server.port=0", "dsmq.auth.token=" + LivePageTokenTests.TOKEN })
class LivePageTokenOnManagementPortTests extends LivePageTokenTests {

	@LocalServerPort
	private int port;

	@Value("${local.management.port}")
	private int managementPort;

	@Override
	int httpPort() {
		return this.port;
	}

	@Test
	void managementPortServesNoPageAndTakesOnlyABearerToken() {
		ActuatorClient management = new ActuatorClient(this.managementPort);
		ActuatorTokenTests.assertRefused(management.get("/"));
		ActuatorTokenTests.assertRefused(management.withAuthorization(basic("dsmq:" + TOKEN)).get("/actuator/dsmq"));
		assertThat(management.withToken(TOKEN).get("/").statusCode()).isEqualTo(404);
		assertThat(management.withToken(TOKEN).get("/actuator/dsmq").statusCode()).isEqualTo(200);
	}

}
