package dev.dsmq.server;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.dsmq.server.queue.MessageQueue;
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

	/** The argument that names a shared database; empty, it keeps the embedded SQLite store. */
	private static final String DATASOURCE_URL_ARGUMENT = "--spring.datasource.url=";

	private final ConfigurableApplicationContext context;

	private EmbeddedServer(ConfigurableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Start a server with the given command-line arguments ({@code --name=value}), and return once it accepts
	 * connections. It keeps its messages in memory unless the arguments name a database themselves.
	 */
	public static EmbeddedServer start(String[] arguments) {
		SpringApplication application = new SpringApplication(DsmqApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		return new EmbeddedServer(application.run(inMemoryUnlessNamed(arguments)));
	}

	/**
	 * Return the arguments with an empty {@code spring.datasource.url} before them, unless they set one: the
	 * application's own database, named in the JVM's environment ({@code SPRING_DATASOURCE_URL}) or its system
	 * properties for the application, must not become the embedded server's store.
	 */
	static String[] inMemoryUnlessNamed(String[] arguments) {
		for (String argument : arguments) {
			if (argument.startsWith(DATASOURCE_URL_ARGUMENT)) {
				return arguments;
			}
		}
		String[] pinned = new String[arguments.length + 1];
		pinned[0] = DATASOURCE_URL_ARGUMENT;
		System.arraycopy(arguments, 0, pinned, 1, arguments.length);
		return pinned;
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
		MessageQueue queue = this.context.getBean(MessageQueue.class);
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
