package dev.dsmq.client.autoconfigure;

import dev.dsmq.server.DsmqApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A real dsmq server, started in-process on a free port, without this starter's own beans in it.
 */
final class RealServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RealServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static RealServer start() {
		return startOnPort(0);
	}

	static RealServer startOnPort(int port) {
		return new RealServer(new SpringApplicationBuilder(DsmqApplication.class)
			.properties("dsmq.port=" + port, "server.port=0",
					"spring.autoconfigure.exclude=" + DsmqAutoConfiguration.class.getName())
			.run());
	}

	int port() {
		return this.context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	/**
	 * Return the property that points the starter's clients at this server.
	 */
	String portProperty() {
		return "dsmq.client.port=" + port();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
