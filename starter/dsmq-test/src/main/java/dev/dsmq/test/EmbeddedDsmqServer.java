package dev.dsmq.test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.DsmqApplication;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.logging.LoggingApplicationListener;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

/**
 * A real dsmq server in the test's own JVM, listening on loopback: the server that production runs, on an in-memory
 * store, without its HTTP side. It reads only the properties it is given, never the application's own
 * {@code application.properties}, and leaves the JVM's logging as the test configured it.
 * <p>
 * {@link EmbeddedDsmq @EmbeddedDsmq} starts one for a test class. Registered as a static
 * {@code @RegisterExtension} field, one runs for the whole test class, and a test may {@link #stop()} and
 * {@link #start()} it again, on the same port, to see how its clients take a restart:
 * <pre class="code">
 * &#64;RegisterExtension
 * static final EmbeddedDsmqServer dsmq = EmbeddedDsmqServer.onFreePort("dsmq.groups.max-retrievals=3");
 * </pre>
 */
public final class EmbeddedDsmqServer implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

	/** The address the server listens on unless {@code dsmq.host} says otherwise. */
	public static final String HOST = "127.0.0.1";

	private static final String CONFIGURATION = "classpath:/dev/dsmq/test/embedded-server.properties";

	private final int requestedPort;

	private final List<String> properties;

	private int port;

	private ConfigurableApplicationContext context;

	private EmbeddedDsmqServer(int port, String... properties) {
		if (port < 0 || port > 65535) {
			throw new IllegalArgumentException("a port is 0 (any free one) to 65535, not " + port);
		}
		for (String property : properties) {
			if (property.indexOf('=') < 1) {
				throw new IllegalArgumentException("a server property is name=value, not '" + property + "'");
			}
		}
		this.requestedPort = port;
		this.port = port;
		this.properties = List.copyOf(Arrays.asList(properties));
	}

	/**
	 * A server on a free port, configured with the given properties ({@code name=value}) besides its defaults.
	 */
	public static EmbeddedDsmqServer onFreePort(String... properties) {
		return new EmbeddedDsmqServer(0, properties);
	}

	/**
	 * A server on the given port, 0 for a free one, configured with the given properties besides its defaults.
	 */
	public static EmbeddedDsmqServer onPort(int port, String... properties) {
		return new EmbeddedDsmqServer(port, properties);
	}

	/**
	 * Start the server, and return once it accepts connections; after a {@link #stop()}, on the port it had, so that
	 * its clients find it again. Starting a running server does nothing.
	 * @return this server
	 */
	public synchronized EmbeddedDsmqServer start() {
		if (isRunning()) {
			return this;
		}
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.config.location=" + CONFIGURATION);
		for (String property : this.properties) {
			arguments.add("--" + property);
		}
		// the port last: after a restart the server must be where its clients look for it
		arguments.add("--dsmq.port=" + this.port);
		SpringApplication application = new SpringApplication(DsmqApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		// the logging system is the JVM's, configured by the test: a second application must not reset it
		List<ApplicationListener<?>> listeners = new ArrayList<>(application.getListeners());
		listeners.removeIf(LoggingApplicationListener.class::isInstance);
		application.setListeners(listeners);
		this.context = application.run(arguments.toArray(String[]::new));
		this.port = this.context.getBean(TcpNetServerConnectionFactory.class).getPort();
		return this;
	}

	/**
	 * Stop the server, keeping its port for the next {@link #start()}. The messages it held go with it.
	 */
	public synchronized void stop() {
		if (this.context != null) {
			this.context.close();
			this.context = null;
		}
	}

	/**
	 * Stop the server and forget its port, so that a test class sharing this instance starts afresh.
	 */
	@Override
	public synchronized void close() {
		stop();
		this.port = this.requestedPort;
	}

	public synchronized boolean isRunning() {
		return this.context != null && this.context.isActive();
	}

	/**
	 * Return the address to reach the server at: {@value #HOST}, or the {@code dsmq.host} it was given, unless that
	 * is every interface, which {@value #HOST} is one of.
	 */
	public String getHost() {
		String host = HOST;
		for (String property : this.properties) {
			if (property.startsWith("dsmq.host=")) {
				host = property.substring("dsmq.host=".length()).trim();
			}
		}
		return (host.equals("0.0.0.0") || host.equals("::")) ? HOST : host;
	}

	/**
	 * Return the port the server listens on; before the first start, the port asked for (0 for a free one).
	 */
	public synchronized int getPort() {
		return this.port;
	}

	/**
	 * Return the properties that point the dsmq starter's clients at this server: {@code dsmq.client.host} and
	 * {@code dsmq.client.port}.
	 */
	public Map<String, Object> getClientProperties() {
		Map<String, Object> client = new LinkedHashMap<>();
		client.put("dsmq.client.host", getHost());
		client.put("dsmq.client.port", getPort());
		return client;
	}

	/**
	 * Return the server's application context, to look at what it holds; null while it is stopped.
	 */
	public synchronized ConfigurableApplicationContext getApplicationContext() {
		return this.context;
	}

	@Override
	public void beforeAll(ExtensionContext extension) {
		start();
	}

	@Override
	public void afterAll(ExtensionContext extension) {
		close();
	}

	@Override
	public String toString() {
		return "EmbeddedDsmqServer[" + HOST + ":" + getPort() + ", " + (isRunning() ? "running" : "stopped") + "]";
	}

}
