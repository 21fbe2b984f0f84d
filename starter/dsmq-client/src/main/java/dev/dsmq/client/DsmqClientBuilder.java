package dev.dsmq.client;

import java.time.Duration;
import java.util.Objects;

import javax.net.ssl.SSLContext;

/**
 * Builds a {@link DsmqClient}; every setting has a {@code DsmqClient.DEFAULT_*} default.
 */
public final class DsmqClientBuilder {

	private String host = DsmqClient.DEFAULT_HOST;

	private int port = DsmqClient.DEFAULT_PORT;

	private Duration connectTimeout = DsmqClient.DEFAULT_CONNECT_TIMEOUT;

	private Duration requestTimeout = DsmqClient.DEFAULT_REQUEST_TIMEOUT;

	private Duration reconnectBackoffInitial = DsmqClient.DEFAULT_RECONNECT_BACKOFF_INITIAL;

	private Duration reconnectBackoffMax = DsmqClient.DEFAULT_RECONNECT_BACKOFF_MAX;

	private RequestObserver observer = RequestObserver.NONE;

	private SSLContext sslContext;

	private boolean verifyHostname = true;

	private String token;

	DsmqClientBuilder() {
	}

	public DsmqClientBuilder host(String host) {
		this.host = Objects.requireNonNull(host, "host");
		return this;
	}

	public DsmqClientBuilder port(int port) {
		if (port < 1 || port > 65535) {
			throw new IllegalArgumentException("port " + port + " is outside 1 to 65535");
		}
		this.port = port;
		return this;
	}

	public DsmqClientBuilder connectTimeout(Duration connectTimeout) {
		this.connectTimeout = positive("connect timeout", connectTimeout);
		return this;
	}

	public DsmqClientBuilder requestTimeout(Duration requestTimeout) {
		this.requestTimeout = positive("request timeout", requestTimeout);
		return this;
	}

	public DsmqClientBuilder reconnectBackoff(Duration initial, Duration max) {
		this.reconnectBackoffInitial = positive("initial reconnect backoff", initial);
		this.reconnectBackoffMax = positive("maximum reconnect backoff", max);
		if (max.compareTo(initial) < 0) {
			throw new IllegalArgumentException("maximum reconnect backoff of " + max.toMillis()
					+ " ms is shorter than the initial " + initial.toMillis() + " ms");
		}
		return this;
	}

	/**
	 * Connect with TLS, trusting the servers this context trusts and presenting its key, if it has one, for mutual
	 * TLS. The server's certificate must name the host the client connects to, unless
	 * {@link #verifyHostname(boolean)} turns that check off.
	 */
	public DsmqClientBuilder sslContext(SSLContext sslContext) {
		this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
		return this;
	}

	/**
	 * Whether a TLS server's certificate must name the host the client connects to; on by default. Turn it off only
	 * where the certificate cannot name the host and the trusted certificates are yours alone.
	 */
	public DsmqClientBuilder verifyHostname(boolean verifyHostname) {
		this.verifyHostname = verifyHostname;
		return this;
	}

	/**
	 * Present this token on every connect, before any other request, to a server that requires one
	 * ({@code dsmq.auth.token}).
	 */
	public DsmqClientBuilder token(String token) {
		Objects.requireNonNull(token, "token");
		if (token.isEmpty()) {
			throw new IllegalArgumentException("token must not be empty");
		}
		this.token = token;
		return this;
	}

	/**
	 * Tell an observer how every request ends, for metrics.
	 */
	public DsmqClientBuilder observer(RequestObserver observer) {
		this.observer = Objects.requireNonNull(observer, "observer");
		return this;
	}

	/**
	 * Build a client; it connects on {@link DsmqClient#connect()} or on its first request.
	 */
	public DsmqClient build() {
		return new SocketDsmqClient(this.host, this.port, this.connectTimeout, this.requestTimeout,
				new Backoff(this.reconnectBackoffInitial, this.reconnectBackoffMax),
				new Security(this.sslContext, this.verifyHostname, this.token), this.observer);
	}

	private static Duration positive(String name, Duration value) {
		Objects.requireNonNull(value, name);
		if (value.isNegative() || value.isZero()) {
			throw new IllegalArgumentException(name + " of " + value.toMillis() + " ms must be positive");
		}
		return value;
	}

}
