package dev.dsmq.client;

import dev.dsmq.server.DsmqApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A real dsmq server, started in-process on a free port (or a given one).
 */
final class RealServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private RealServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	static RealServer start(String... properties) {
		return startOnPort(0, properties);
	}

	static RealServer startOnPort(int port, String... properties) {
		String[] all = new String[properties.length + 2];
		all[0] = "dsmq.port=" + port;
		all[1] = "server.port=0";
		System.arraycopy(properties, 0, all, 2, properties.length);
		return new RealServer(new SpringApplicationBuilder(DsmqApplication.class).properties(all).run());
	}

	int port() {
		return this.context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	boolean isRunning() {
		return this.context.isActive();
	}

	DsmqClient client() {
		return DsmqClient.builder().port(port()).build();
	}

	@Override
	public void close() {
		this.context.close();
	}

}
