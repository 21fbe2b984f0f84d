package dev.dsmq.client.testcontainers;

import java.util.Optional;

import dev.dsmq.client.autoconfigure.DsmqAutoConfiguration;
import dev.dsmq.client.autoconfigure.DsmqConnectionDetails;
import dev.dsmq.client.autoconfigure.DsmqTemplate;
import dev.dsmq.test.EmbeddedDsmqServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.testcontainers.service.connection.ServiceConnection;
import org.springframework.boot.testcontainers.service.connection.ServiceConnectionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * {@code @ServiceConnection} on a {@link DsmqContainer} bean points the starter at the container: its host, mapped
 * port and token, over whatever {@code dsmq.client.*} says. No container engine here, so the container is a stand-in
 * that reports the address of an embedded server, as a started one would report its own; the rest is Spring Boot's
 * own machinery, finding the factory in {@code spring.factories}.
 */
class DsmqServiceConnectionTests {

	@RegisterExtension
	static final EmbeddedDsmqServer server = EmbeddedDsmqServer.onFreePort("dsmq.auth.token=container-token");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ServiceConnectionAutoConfiguration.class,
				DsmqAutoConfiguration.class, JacksonAutoConfiguration.class))
		// what the properties say is overruled by the container
		.withPropertyValues("dsmq.client.host=192.0.2.1", "dsmq.client.port=1", "dsmq.client.token=wrong");

	@Test
	void clientsConnectToTheContainerWithItsToken() {
		this.runner.withUserConfiguration(ContainerConfiguration.class).run((context) -> {
			DsmqConnectionDetails details = context.getBean(DsmqConnectionDetails.class);
			assertThat(details.getHost()).isEqualTo("127.0.0.1");
			assertThat(details.getPort()).isEqualTo(server.getPort());
			assertThat(details.getToken()).isEqualTo("container-token");
			DsmqTemplate template = context.getBean(DsmqTemplate.class);
			assertThat(template.getClient().getAddress()).isEqualTo("127.0.0.1:" + server.getPort());
			template.getClient().connect();
			template.put("from-a-container", "hello");
			assertThat(template.get("from-a-container", String.class)).isEqualTo(Optional.of("hello"));
		});
	}

	@Test
	void withoutAServiceConnectionThePropertiesSayWhere() {
		this.runner.run((context) -> {
			DsmqConnectionDetails details = context.getBean(DsmqConnectionDetails.class);
			assertThat(details.getHost()).isEqualTo("192.0.2.1");
			assertThat(details.getPort()).isEqualTo(1);
			assertThat(details.getToken()).isEqualTo("wrong");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ContainerConfiguration {

		@Bean
		@ServiceConnection
		DsmqContainer dsmq() {
			DsmqContainer container = mock(DsmqContainer.class);
			given(container.getHost()).willReturn("127.0.0.1");
			given(container.getDsmqPort()).willReturn(server.getPort());
			given(container.getToken()).willReturn("container-token");
			given(container.getDockerImageName()).willReturn("dsmq:test");
			return container;
		}

	}

}
