package dev.dsmq.test;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real dsmq server in the test's own JVM, listening on loopback: the server that production runs, on an in-memory
 * store, without its HTTP side. It runs from a class loader of its own, made from the server's executable jar, so
 * that none of its classes, libraries or Spring Boot configuration meet the application's; it reads only the
 * properties it is given, never the application's {@code application.properties}, and logs warnings only unless
 * told otherwise ({@code logging.level.*}). Given {@code spring.main.web-application-type=servlet} and
 * {@code server.port=0}, it serves its HTTP side too, on the port that {@code getProperty("local.server.port")}
 * tells.
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

	/**
	 * What an embedded server runs with unless its properties say otherwise, besides what the server's own
	 * {@code application.properties} says: loopback, and no more than warnings in a test's output.
	 */
	private static final List<String> DEFAULTS = List.of("dsmq.host=" + HOST, "logging.level.root=warn");

	private static final String EMBEDDED_SERVER = "dev.dsmq.server.EmbeddedServer";

	private final int requestedPort;

	private final List<String> properties;

	private int port;

	/** The server's {@code dev.dsmq.server.EmbeddedServer} while it runs, of the server's class loader. */
	private Object running;

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
		// as command-line arguments, which nothing of the JVM's environment overrides; one of each name, since
		// Spring Boot joins the values of a repeated argument
		Map<String, String> configuration = new LinkedHashMap<>();
		Stream.concat(DEFAULTS.stream(), this.properties.stream()).forEach((property) -> {
			int equals = property.indexOf('=');
			configuration.put(property.substring(0, equals).trim(), property.substring(equals + 1));
		});
		// after a restart the server must be where its clients look for it
		configuration.put("dsmq.port", Integer.toString(this.port));
		List<String> arguments = new ArrayList<>();
		configuration.forEach((name, value) -> arguments.add("--" + name + "=" + value));
		this.running = inServerLoader(() -> {
			Class<?> type = Class.forName(EMBEDDED_SERVER, true, ServerClassLoader.get());
			return type.getMethod("start", String[].class).invoke(null, (Object) arguments.toArray(String[]::new));
		}, "start");
		this.port = (Integer) call("port");
		return this;
	}

	/**
	 * Stop the server, keeping its port for the next {@link #start()}. The messages it held go with it.
	 */
	public synchronized void stop() {
		if (this.running != null) {
			try {
				call("close");
			}
			finally {
				this.running = null;
			}
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
		return this.running != null && (Boolean) call("isRunning");
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
		return (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) ? HOST : host;
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
	 * Return a property of the running server's configuration as it resolved it, such as
	 * {@code dsmq.time-to-live}; null if unset.
	 */
	public synchronized String getProperty(String name) {
		requireRunning();
		return (String) call("property", name);
	}

	/**
	 * Return how many topics the running server holds messages in.
	 */
	public long getTopicCount() {
		return stat("topics");
	}

	/**
	 * Return how many messages the running server holds.
	 */
	public long getMessageCount() {
		return stat("messages");
	}

	/**
	 * Return how many reads the running server holds open, waiting for a message to be put.
	 */
	public long getWaitingReaderCount() {
		return stat("waitingReaders");
	}

	@SuppressWarnings("unchecked")
	private synchronized long stat(String name) {
		requireRunning();
		return ((Map<String, Long>) call("stats")).get(name);
	}

	private void requireRunning() {
		if (this.running == null) {
			throw new IllegalStateException(this + " is not running");
		}
	}

	/**
	 * Call a method of the running server, whose class is of the server's class loader: only JDK types pass.
	 */
	private Object call(String method, String... arguments) {
		Class<?>[] types = new Class<?>[arguments.length];
		Arrays.fill(types, String.class);
		Object server = this.running;
		return inServerLoader(() -> server.getClass().getMethod(method, types).invoke(server, (Object[]) arguments),
				method);
	}

	/**
	 * Run work as the server's own thread: Spring Boot finds what it loads through the context class loader, and
	 * the threads it starts inherit it.
	 */
	private static Object inServerLoader(ServerWork work, String action) {
		Thread thread = Thread.currentThread();
		ClassLoader caller = thread.getContextClassLoader();
		thread.setContextClassLoader(ServerClassLoader.get());
		try {
			return work.run();
		}
		catch (ReflectiveOperationException ex) {
			throw failure(action, ex);
		}
		finally {
			thread.setContextClassLoader(caller);
		}
	}

	@FunctionalInterface
	private interface ServerWork {

		Object run() throws ReflectiveOperationException;

	}

	private static RuntimeException failure(String action, ReflectiveOperationException ex) {
		Throwable cause = (ex instanceof InvocationTargetException invocation) ? invocation.getCause() : ex;
		if (cause instanceof RuntimeException runtime) {
			return runtime;
		}
		return new IllegalStateException("The embedded dsmq server failed to " + action + ": " + cause, cause);
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
