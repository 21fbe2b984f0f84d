package dev.dsmq.client.autoconfigure.example;

import java.time.Duration;

import dev.dsmq.server.DsmqApplication;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example application against a real server: the greeting it puts on start-up reaches its own listener, and
 * the listener call is counted by the application's own meter registry.
 */
class ExampleApplicationTests {

	// The server's classes on the test class path bring JDBC, which the example does not use.
	private static final String NO_DATA_SOURCE = "spring.autoconfigure.exclude="
			+ "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration";

	@Test
	void greetingPutOnStartupReachesTheListener() {
		try (ConfigurableApplicationContext server = new SpringApplicationBuilder(DsmqApplication.class)
			.properties("dsmq.port=0", "server.port=0",
					"spring.autoconfigure.exclude=dev.dsmq.client.autoconfigure.DsmqAutoConfiguration")
			.run();
				ConfigurableApplicationContext example = new SpringApplicationBuilder(ExampleApplication.class)
					.web(WebApplicationType.NONE)
					.properties("dsmq.client.port=" + server.getBean(TcpNetServerConnectionFactory.class).getPort(),
							NO_DATA_SOURCE)
					.run()) {
			GreetingListener listener = example.getBean(GreetingListener.class);
			await().atMost(Duration.ofSeconds(30)).until(() -> !listener.getReceived().isEmpty());
			assertThat(listener.getReceived()).containsExactly(new Greeting("example", "hello from dsmq"));
			// the call is counted just after the method returns
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(example.getBean(MeterRegistry.class)
					.get("dsmq.client.listener.invocations")
					.tag("outcome", "success")
					.counter()
					.count()).isEqualTo(1));
		}
	}

}
