package dev.dsmq.client.autoconfigure.example;

import java.time.Duration;

import dev.dsmq.client.autoconfigure.DsmqTemplate;
import dev.dsmq.test.EmbeddedDsmqServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The example application against a real server: the greeting it puts on start-up reaches its own listener, and
 * the listener call is counted by the application's own meter registry; a greeting put by another application
 * reaches it too.
 */
class ExampleApplicationTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort();

	@Test
	void greetingPutOnStartupReachesTheListener() {
		try (ConfigurableApplicationContext example = run(ExampleApplication.class)) {
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

	@Test
	void greetingPutByASecondApplicationReachesTheListenerOfTheFirst() {
		try (ConfigurableApplicationContext listening = run(ExampleApplication.class);
				ConfigurableApplicationContext sending = run(SecondApplication.class)) {
			assertThat(sending.getBeansOfType(GreetingListener.class)).isEmpty();
			GreetingListener listener = listening.getBean(GreetingListener.class);
			await().atMost(Duration.ofSeconds(30))
				.untilAsserted(() -> assertThat(listener.getReceived()).contains(SecondApplication.GREETING));
		}
	}

	/**
	 * Run an application to completion of its start-up: its listeners are connected by the time this returns.
	 */
	private static ConfigurableApplicationContext run(Class<?> application) {
		return new SpringApplicationBuilder(application).web(WebApplicationType.NONE)
			.properties("dsmq.client.port=" + server.getPort())
			.run();
	}

	/**
	 * An application of its own that puts one greeting on start-up and listens for nothing. Not a
	 * {@code @Configuration}, so that the example's component scan leaves it out.
	 */
	@EnableAutoConfiguration
	static class SecondApplication {

		static final Greeting GREETING = new Greeting("second", "hello from another application");

		@Bean
		ApplicationRunner greet(DsmqTemplate dsmq) {
			return (args) -> dsmq.put("greetings", GREETING);
		}

	}

}
