package org.springframework.boot.docker.compose.service.connection;

import java.util.Map;

import dev.dsmq.client.autoconfigure.DsmqConnectionDetails;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.service.connection.ConnectionDetails;
import org.springframework.boot.autoconfigure.service.connection.ConnectionDetailsFactories;
import org.springframework.boot.docker.compose.core.ConnectionPorts;
import org.springframework.boot.docker.compose.core.ImageReference;
import org.springframework.boot.docker.compose.core.RunningService;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * A {@code dsmq} service of an application's {@code compose.yaml} gives the starter its connection details: the
 * factory is found in {@code spring.factories} as Spring Boot finds it for a running service. In this package only
 * to make the source Spring Boot makes; no container engine here, so the running service is a stand-in.
 */
class DsmqComposeServiceConnectionTests {

	@Test
	void serviceOfTheDsmqImageGivesItsHostPublishedPortAndToken() {
		DsmqConnectionDetails details = detailsOf(service("dsmq:0.1.0", Map.of("DSMQ_AUTH_TOKEN", "secret"), Map.of()));
		assertThat(details.getHost()).isEqualTo("10.0.0.7");
		assertThat(details.getPort()).isEqualTo(41008);
		assertThat(details.getToken()).isEqualTo("secret");
		assertThat(details.getSslBundle()).isNull();
	}

	@Test
	void serviceOfAnotherImageIsTakenWhenItsLabelSaysDsmq() {
		RunningService service = service("registry.example/queue:2",
				Map.of(), Map.of("org.springframework.boot.service-connection", "dsmq"));
		DsmqConnectionDetails details = detailsOf(service);
		assertThat(details.getPort()).isEqualTo(41008);
		assertThat(details.getToken()).isNull();
	}

	@Test
	void serviceOfAnotherImageIsNotTaken() {
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(null)
			.getConnectionDetails(source(service("redis:7", Map.of(), Map.of())), false);
		assertThat(details).doesNotContainKey(DsmqConnectionDetails.class);
	}

	private static DsmqConnectionDetails detailsOf(RunningService service) {
		Map<Class<?>, ConnectionDetails> details = new ConnectionDetailsFactories(null)
			.getConnectionDetails(source(service), true);
		return (DsmqConnectionDetails) details.get(DsmqConnectionDetails.class);
	}

	private static DockerComposeConnectionSource source(RunningService service) {
		return new DockerComposeConnectionSource(service, new MockEnvironment());
	}

	private static RunningService service(String image, Map<String, String> env, Map<String, String> labels) {
		RunningService service = mock(RunningService.class);
		ConnectionPorts ports = mock(ConnectionPorts.class);
		given(ports.get(30008)).willReturn(41008);
		given(service.name()).willReturn("dsmq");
		given(service.image()).willReturn(ImageReference.of(image));
		given(service.host()).willReturn("10.0.0.7");
		given(service.ports()).willReturn(ports);
		given(service.env()).willReturn(env);
		given(service.labels()).willReturn(labels);
		return service;
	}

}
