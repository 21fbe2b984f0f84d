package dev.dsmq.server;

import java.net.http.HttpResponse;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The token on the Actuator endpoints where they share the HTTP port.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.auth.token=" + ActuatorTokenTests.TOKEN })
class ActuatorTokenOnHttpPortTests extends ActuatorTokenTests {

	@LocalServerPort
	private int port;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Override
	int port() {
		return this.port;
	}

	@Test
	void theProbesOnTheRootOfTheHttpPortAnswerTheirStatusToAnyone() {
		for (String probe : new String[] { "/livez", "/readyz" }) {
			HttpResponse<String> answer = actuator().get(probe);
			assertThat(answer.statusCode()).as(probe).isEqualTo(200);
			assertStatusAlone(answer, "UP");
		}
	}

	@Test
	@DirtiesContext
	void healthAnswersThatItIsDownToAnyone() {
		this.connectionFactory.stop();
		HttpResponse<String> health = actuator().get("/actuator/health");
		assertThat(health.statusCode()).isEqualTo(503);
		assertStatusAlone(health, "DOWN");
	}

}
