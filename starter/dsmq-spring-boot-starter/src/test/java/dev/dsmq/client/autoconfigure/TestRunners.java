package dev.dsmq.client.autoconfigure;

import dev.dsmq.test.EmbeddedDsmqServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Application contexts of the tests, with the starter and Jackson auto-configured.
 */
final class TestRunners {

	private TestRunners() {
	}

	/**
	 * Return a runner whose clients are pointed at the server.
	 */
	static ApplicationContextRunner against(EmbeddedDsmqServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DsmqAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withPropertyValues("dsmq.client.host=" + server.getHost(), "dsmq.client.port=" + server.getPort());
	}

}
