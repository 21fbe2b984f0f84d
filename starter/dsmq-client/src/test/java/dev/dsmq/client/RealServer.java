package dev.dsmq.client;

import dev.dsmq.server.DsmqApplication;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A real dsmq server, started in-process on a free port (or a given one). Registered as a static
 * {@code @RegisterExtension} field it runs for the whole test class; a test may stop and start it again.
 */
final class RealServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

	private final int requestedPort;

	private final String[] properties;

	private int port;

	private ConfigurableApplicationContext context;

	private RealServer(int port, String... properties) {
		this.requestedPort = port;
		this.port = port;
		this.properties = properties;
	}

	static RealServer onFreePort(String... properties) {
		return onPort(0, properties);
	}

	static RealServer onPort(int port, String... properties) {
		return new RealServer(port, properties);
	}

	/**
	 * Start the server; after a {@link #stop()}, on the port it had, so that its clients find it again.
	 */
	RealServer start() {
		String[] all = new String[this.properties.length + 2];
		all[0] = "dsmq.port=" + this.port;
		all[1] = "server.port=0";
		System.arraycopy(this.properties, 0, all, 2, this.properties.length);
		this.context = new SpringApplicationBuilder(DsmqApplication.class).properties(all).run();
		this.port = this.context.getBean(TcpNetServerConnectionFactory.class).getPort();
		return this;
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

	boolean isRunning() {
		return this.context != null && this.context.isActive();
	}

	DsmqClient client() {
		return DsmqClient.builder().port(port()).build();
	}

	@Override
	public void beforeAll(ExtensionContext extension) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext extension) {
		close();
	}

	/**
	 * Stop the server and forget its port, so that a test class sharing this instance starts afresh.
	 */
	@Override
	public void close() {
		stop();
		this.port = this.requestedPort;
	}

}
