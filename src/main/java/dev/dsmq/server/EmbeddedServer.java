package dev.dsmq.server;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.dsmq.server.queue.QueueService;
import dev.dsmq.server.queue.QueueStats;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A server run inside another application's JVM, as the {@code dsmq-test} module's {@code EmbeddedDsmqServer} runs
 * one for tests: from a class loader of its own, so that nothing of the server (Spring Boot, its libraries, its
 * configuration) meets the application's, and only JDK types pass between them. No HTTP side.
 */
public final class EmbeddedServer implements AutoCloseable {

	private final ConfigurableApplicationContext context;

	private EmbeddedServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start a server with the given command-line arguments ({@code --name=value}), and return once it accepts
	 * connections.
	 */
	public static EmbeddedServer start(String[] arguments) {
		SpringApplication application = new SpringApplication(DsmqApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		return new EmbeddedServer(application.run(arguments));
	}

	/**
	 * Return the port the protocol listener is bound to.
	 */
	public int port() {
		return this.context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

	/**
	 * Return a property of the server's configuration as it resolved it, null if unset.
	 */
	public String property(String name) {
		return this.context.getEnvironment().getProperty(name);
	}

	/**
	 * Return what the server holds and serves now: {@code topics}, {@code messages} and {@code waitingReaders}.
	 */
	public Map<String, Long> stats() {
		QueueService queue = this.context.getBean(QueueService.class);
		QueueStats stats = queue.stats();
		Map<String, Long> figures = new LinkedHashMap<>();
		figures.put("topics", stats.topics());
		figures.put("messages", stats.messages());
		figures.put("waitingReaders", (long) queue.waitingReaders());
		return figures;
	}

	/**
	 * Whether the server still runs: it stops by itself on a {@code shutdown} request its policy allows.
	 */
	public boolean isRunning() {
		return this.context.isActive();
	}

	/**
	 * Stop the server, as a SIGTERM would: draining its connections first.
	 */
	@Override
	public void close() {
		this.context.close();
	}

}
