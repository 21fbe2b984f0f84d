package dev.dsmq.server;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsmq.page.enabled=false} serves neither the live page nor its data.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "dsmq.port=0", "dsmq.page.enabled=false" })
class LivePageDisabledTests {

	@LocalServerPort
	private int port;

	@Test
	void neitherThePageNorItsDataIsServed() {
		ActuatorClient http = new ActuatorClient(this.port);
		for (String path : new String[] { "/", "/dsmq/page.js", LivePage.OVERVIEW_PATH }) {
			assertThat(http.get(path).statusCode()).as("status of %s", path).isEqualTo(404);
		}
		assertThat(http.get("/actuator/dsmq").statusCode()).isEqualTo(200);
	}

}
