package dev.dsmq.test;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @EmbeddedDsmq} on a Spring test: the context starts the server, holds it as a bean, and points
 * {@code dsmq.client.*} at it; the server is configured by the annotation alone, placeholders resolved.
 */
@SpringJUnitConfig(EmbeddedDsmqSpringTests.Config.class)
@TestPropertySource(locations = "classpath:application.properties", properties = "app.groups.retrievals=3")
@EmbeddedDsmq(properties = { "dsmq.groups.max-retrievals=${app.groups.retrievals}", "dsmq.max-connections=50" })
class EmbeddedDsmqSpringTests {

	@Autowired
	private EmbeddedDsmqServer server;

	@Autowired
	private Environment environment;

	@Value("${dsmq.client.port}")
	private int clientPort;

	@Test
	void clientPropertiesOfTheContextPointAtTheServerBean() throws IOException {
		assertThat(this.server.isRunning()).isTrue();
		assertThat(this.clientPort).isEqualTo(this.server.getPort());
		assertThat(this.environment.getProperty("dsmq.client.host")).isEqualTo("127.0.0.1");
		try (FramedSocket reader = new FramedSocket("127.0.0.1", this.clientPort);
				FramedSocket writer = new FramedSocket("127.0.0.1", this.clientPort)) {
			reader.get("orders");
			writer.put("orders", "o-1");
			await().atMost(Duration.ofSeconds(10)).until(() -> reader.get("orders"),
					(reply) -> reply.equals("{\"message\": \"o-1\"}"));
		}
	}

	@Test
	void serverTakesTheAnnotationsPropertiesWithPlaceholdersResolvedAndNotTheApplicationsOwn() {
		assertThat(this.server.getProperty("dsmq.groups.max-retrievals")).isEqualTo("3");
		assertThat(this.server.getProperty("dsmq.max-connections")).isEqualTo("50");
		// the application's application.properties says 7s; the server does not read it, and keeps its default
		assertThat(this.environment.getProperty("dsmq.time-to-live")).isEqualTo("7s");
		assertThat(this.server.getProperty("dsmq.time-to-live")).isNull();
	}

	@Test
	void testMethodsMayTakeTheServerAsAParameter(EmbeddedDsmqServer parameter) {
		assertThat(parameter).isSameAs(this.server);
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

	}

}
