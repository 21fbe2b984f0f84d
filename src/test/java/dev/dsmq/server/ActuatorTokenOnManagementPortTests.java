package dev.dsmq.server;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;

/**
 * The token on the Actuator endpoints where they have a port of their own, {@code management.server.port}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "management.server.port=0", "dsmq.auth.token=" + ActuatorTokenTests.TOKEN })
class ActuatorTokenOnManagementPortTests extends ActuatorTokenTests {

	@Value("${local.management.port}")
	private int port;

	@Override
	int port() {
		return this.port;
	}

}
