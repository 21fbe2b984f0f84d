package dev.dsmq.client.autoconfigure;

import java.time.Duration;

import dev.dsmq.client.DsmqClient;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the dsmq client, under {@code dsmq.client}.
 */
@ConfigurationProperties("dsmq.client")
public class DsmqClientProperties {

	/**
	 * Host name or address of the dsmq server.
	 */
	private String host = DsmqClient.DEFAULT_HOST;

	/**
	 * TCP port of the dsmq server.
	 */
	private int port = DsmqClient.DEFAULT_PORT;

	/**
	 * How long connecting to the server may take.
	 */
	private Duration connectTimeout = DsmqClient.DEFAULT_CONNECT_TIMEOUT;

	/**
	 * How long a reply may take; a long-polling get adds its wait.
	 */
	private Duration requestTimeout = DsmqClient.DEFAULT_REQUEST_TIMEOUT;

	private final Reconnect reconnect = new Reconnect();

	private final Listener listener = new Listener();

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

	public Reconnect getReconnect() {
		return this.reconnect;
	}

	public Listener getListener() {
		return this.listener;
	}

	/**
	 * Backoff between reconnect attempts.
	 */
	public static class Reconnect {

		/**
		 * Delay before the first reconnect attempt after a failed one; each further failure doubles it.
		 */
		private Duration initialBackoff = DsmqClient.DEFAULT_RECONNECT_BACKOFF_INITIAL;

		/**
		 * Longest delay between reconnect attempts.
		 */
		private Duration maxBackoff = DsmqClient.DEFAULT_RECONNECT_BACKOFF_MAX;

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

		public Duration getWait() {
			return this.wait;
		}

		public void setWait(Duration wait) {
			this.wait = wait;
		}

	}

}
