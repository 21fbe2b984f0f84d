package dev.dsmq.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The token on the live page where Actuator shares its port: the Actuator endpoints still take only a bearer token.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.auth.token=" + LivePageTokenTests.TOKEN })
class LivePageTokenOnHttpPortTests extends LivePageTokenTests {

	@LocalServerPort
	private int port;

	@Override
	int httpPort() {
		return this.port;
	}

	@Test
	void actuatorEndpointsStillRefuseTheTokenAsABasicPassword() {
		ActuatorTokenTests.assertRefused(page().withAuthorization(basic("dsmq:" + TOKEN)).get("/actuator/dsmq"));
		ActuatorTokenTests.assertRefused(page().get("/actuator/dsmq"));
	}

}
