package dev.dsmq.client.autoconfigure;

import dev.dsmq.server.DsmqApplication;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A real dsmq server, started in-process on a free port, without this starter's own beans in it. Registered as a
 * static {@code @RegisterExtension} field it runs for the whole test class; a test may stop and start it again.
 */
public final class RealServer implements BeforeAllCallback, AfterAllCallback {

	private final String[] properties;

	private int port;

	private ConfigurableApplicationContext context;

	private RealServer(String... properties) {
		this.properties = properties;
	}

	/**
	 * A server on a free port, configured with the given properties besides.
	 */
	public static RealServer onFreePort(String... properties) {
		return new RealServer(properties);
	}

	/**
	 * Start the server; after a {@link #stop()}, on the port it had, so that its clients find it again.
	 */
	void start() {
		this.context = new SpringApplicationBuilder(DsmqApplication.class)
			.properties("dsmq.port=" + this.port, "server.port=0",
					"spring.autoconfigure.exclude=" + DsmqAutoConfiguration.class.getName())
			.properties(this.properties)
			.run();
		this.port = this.context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	/**
	 * Stop the server, keeping its port for the next {@link #start()}.
	 */
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
	}

	int port() {
		return this.port;
	}

	/**
	 * Return the property that points the starter's clients at this server.
	 */
	public String portProperty() {
		return "dsmq.client.port=" + this.port;
	}

	/**
	 * Return a runner with the starter and Jackson auto-configured and its clients pointed at this server.
	 */
	ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DsmqAutoConfiguration.class, JacksonAutoConfiguration.class))
			.withPropertyValues(portProperty());
	}

	@Override
	public void beforeAll(ExtensionContext extension) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext extension) {
		stop();
		this.port = 0;
	}

}
