package dev.dsmq.client.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the dsmq client, under {@code dsmq.client}; the defaults are the client's {@code DEFAULT_*}
 * values, written out so that the configuration metadata shows them.
 */
@ConfigurationProperties("dsmq.client")
public class DsmqClientProperties {

	/**
	 * Host name or address of the dsmq server.
	 */
	private String host = "127.0.0.1";

	/**
	 * TCP port of the dsmq server.
	 */
	private int port = 30008;

	/**
	 * How long connecting to the server may take.
	 */
	private Duration connectTimeout = Duration.ofSeconds(5);

	/**
	 * How long a reply may take; a long-polling get adds its wait.
	 */
	private Duration requestTimeout = Duration.ofSeconds(10);

	/**
	 * Token to present on every connect, for a server that requires one (dsmq.auth.token).
	 */
	private String token;

	private final Tls tls = new Tls();

	private final Reconnect reconnect = new Reconnect();

	private final Listener listener = new Listener();

	private final Template template = new Template();

	public String getHost() {
		return this.host;
	}

	public void setHost(String host) {
		this.host = host;
	}

	public int getPort() {
		return this.port;
	}

	public void setPort(int port) {
		this.port = port;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public Duration getRequestTimeout() {
		return this.requestTimeout;
	}

	public void setRequestTimeout(Duration requestTimeout) {
		this.requestTimeout = requestTimeout;
	}

	public String getToken() {
		return this.token;
	}

	public void setToken(String token) {
		this.token = token;
	}

	public Tls getTls() {
		return this.tls;
	}

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Listener getListener() {
		return this.listener;
	}

	public Template getTemplate() {
		return this.template;
	}

	/**
	 * TLS to the server.
	 */
	public static class Tls {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) whose trust material, and key for mutual TLS, the client
		 * uses; setting it turns TLS on. The server's certificate must name dsmq.client.host.
		 */
		private String bundle;

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * Backoff between reconnect attempts.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first reconnect attempt after a failed one; each further failure doubles it.
		 */
		private Duration initialBackoff = Duration.ofMillis(100);

		/**
		 * Longest delay between reconnect attempts.
		 */
		private Duration maxBackoff = Duration.ofSeconds(10);

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

	}

	/**
	 * Settings of {@link DsmqListener} methods.
	 */
	public static class Listener {

		/**
		 * How long each long-polling get of a listener waits for a message; the server caps it.
		 */
		private Duration wait = Duration.ofSeconds(30);

		/**
		 * How long the listeners, all together, may take to finish the messages they have when the application
		 * stops (or a listener is stopped).
		 */
		private Duration shutdownTimeout = Duration.ofSeconds(10);

		private final Retry retry = new Retry();

		public Duration getWait() {
			return this.wait;
		}

		public void setWait(Duration wait) {
			this.wait = wait;
		}

		public Duration getShutdownTimeout() {
			return this.shutdownTimeout;
		}

		public void setShutdownTimeout(Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
		}

		public Retry getRetry() {
			return this.retry;
		}

	}

	/**
	 * Retries of a listener method that fails, in the listener, before its error handler (or, for a group, the
	 * release of the message) has it; as Spring Boot's own retry settings.
	 */
	public static class Retry {

		/**
		 * Whether to call a failed listener method again.
		 */
		private boolean enabled;

		/**
		 * How many times to call it again at most.
		 */
		private long maxRetries = 3;

		/**
		 * How long to wait before the first retry.
		 */
		private Duration delay = Duration.ofSeconds(1);

		/**
		 * What each wait is multiplied by for the next one.
		 */
		private double multiplier = 1.0;

		/**
		 * The longest wait between two calls.
		 */
		private Duration maxDelay = Duration.ofSeconds(10);

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public long getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(long maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

	}

	/**
	 * Settings of the {@link DsmqTemplate}.
	 */
	public static class Template {

		/**
		 * Topic of the template's methods that name none; unset, they fail.
		 */
		private String defaultTopic;

		public String getDefaultTopic() {
			return this.defaultTopic;
		}

		public void setDefaultTopic(String defaultTopic) {
			this.defaultTopic = defaultTopic;
		}

	}

}
