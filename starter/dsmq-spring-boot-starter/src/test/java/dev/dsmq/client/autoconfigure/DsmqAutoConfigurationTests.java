package dev.dsmq.client.autoconfigure;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import dev.dsmq.client.DsmqClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which beans the auto-configuration defines, and how it backs off.
 */
class DsmqAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DsmqAutoConfiguration.class, JacksonAutoConfiguration.class));

	@Test
	void definesClientTemplateAndListenerContainer() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DsmqClient.class)
			.hasSingleBean(DsmqTemplate.class)
			.hasSingleBean(DsmqListenerContainer.class)
			.hasSingleBean(DsmqClientProperties.class));
	}

	@Test
	void clientDoesNotConnectAtStartup() {
		this.runner.run((context) -> assertThat(context.getBean(DsmqClient.class).isConnected()).isFalse());
	}

	@Test
	void clientIsBuiltFromTheProperties() {
		this.runner.withPropertyValues("dsmq.client.host=queue.example", "dsmq.client.port=4001")
			.run((context) -> assertThat(context.getBean(DsmqClient.class).getAddress())
				.isEqualTo("queue.example:4001"));
	}

	@Test
	void durationPropertiesAreBound() {
		this.runner
			.withPropertyValues("dsmq.client.connect-timeout=2s", "dsmq.client.request-timeout=3m",
					"dsmq.client.reconnect.initial-backoff=50ms", "dsmq.client.reconnect.max-backoff=1m",
					"dsmq.client.listener.wait=15s")
			.run((context) -> {
				DsmqClientProperties properties = context.getBean(DsmqClientProperties.class);
				assertThat(properties.getConnectTimeout()).isEqualTo(Duration.ofSeconds(2));
				assertThat(properties.getRequestTimeout()).isEqualTo(Duration.ofMinutes(3));
				assertThat(properties.getReconnect().getInitialBackoff()).isEqualTo(Duration.ofMillis(50));
				assertThat(properties.getReconnect().getMaxBackoff()).isEqualTo(Duration.ofMinutes(1));
				assertThat(properties.getListener().getWait()).isEqualTo(Duration.ofSeconds(15));
			});
	}

	@Test
	void invalidPortFailsStartupNamingTheProperty() {
		this.runner.withPropertyValues("dsmq.client.port=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidConfigurationPropertyValueException.class)
				.hasMessageContaining("dsmq.client.port")
				.hasMessageContaining("port 0 is outside 1 to 65535"));
	}

	@Test
	void customizerAppliesAfterTheProperties() {
		this.runner.withPropertyValues("dsmq.client.port=4001")
			.withBean(DsmqClientBuilderCustomizer.class, () -> (builder) -> builder.port(4002))
			.run((context) -> assertThat(context.getBean(DsmqClient.class).getAddress()).endsWith(":4002"));
	}

	@Test
	void backsOffWhenTheUserDefinesTheirOwnClientAndTemplate() {
		this.runner.withUserConfiguration(UserBeans.class).run((context) -> {
			assertThat(context).getBean(DsmqClient.class).isSameAs(UserBeans.CLIENT);
			assertThat(context).getBean(DsmqTemplate.class).isSameAs(UserBeans.TEMPLATE);
		});
	}

	@Test
	void templateUsesTheApplicationsJsonMapper() {
		this.runner.run((context) -> assertThat(context.getBean(DsmqTemplate.class))
			.extracting("mapper")
			.isSameAs(context.getBean(JsonMapper.class)));
	}

	@Test
	void healthIndicatorIsPresentByDefault() {
		this.runner.run((context) -> assertThat(context).hasBean("dsmqHealthIndicator"));
	}

	@Test
	void healthIndicatorIsAbsentWhenDisabled() {
		this.runner.withPropertyValues("management.health.dsmq.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("dsmqHealthIndicator"));
	}

	@Test
	void healthIndicatorIsAbsentWithoutSpringBootHealth() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("dsmqHealthIndicator"));
	}

	@Test
	void healthIsDownWithTheAddressWhenTheServerCannotBeReached() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		this.runner.withPropertyValues("dsmq.client.port=" + closedPort).run((context) -> {
			Health health = context.getBean("dsmqHealthIndicator", HealthIndicator.class).health(true);
			assertThat(health.getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.getDetails()).containsEntry("address", "127.0.0.1:" + closedPort);
		});
	}

	@Test
	void metricsAreRecordedWhenAMeterRegistryIsPresent() {
		this.runner.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> assertThat(context).hasBean("dsmqMetricsCustomizer")
				.hasSingleBean(MicrometerObservers.class));
	}

	@Test
	void noMetricsWithoutAMeterRegistry() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean("dsmqMetricsCustomizer"));
	}

	@Test
	void noMetricsWithoutMicrometer() {
		this.runner.withClassLoader(new FilteredClassLoader(MeterRegistry.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("dsmqMetricsCustomizer"));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserBeans {

		static final DsmqClient CLIENT = DsmqClient.builder().port(4003).build();

		static final DsmqTemplate TEMPLATE = new DsmqTemplate(CLIENT, new JsonMapper());

		@Bean
		DsmqClient userClient() {
			return CLIENT;
		}

		@Bean
		DsmqTemplate userTemplate() {
			return TEMPLATE;
		}

	}

}
