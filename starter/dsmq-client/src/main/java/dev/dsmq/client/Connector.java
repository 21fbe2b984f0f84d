package dev.dsmq.client;

import java.time.Duration;

import tools.jackson.databind.json.JsonMapper;

/**
 * Holds the client's current connection and opens a new one when it has failed, backing off after failed attempts:
 * during the backoff, asking for a connection fails at once instead of trying again.
 */
final class Connector {

	private final String host;

	private final int port;

	private final Duration connectTimeout;

	private final Backoff backoff;

	private final Security security;

	private final JsonMapper json;

	private final Object lock = new Object();

	private volatile Connection connection;

	private boolean closed;

	private String lastFailure = "";

	Connector(String host, int port, Duration connectTimeout, Backoff backoff, Security security, JsonMapper json) {
		this.host = host;
		this.port = port;
		this.connectTimeout = connectTimeout;
		this.backoff = backoff;
		this.security = security;
		this.json = json;
	}

	String address() {
		return this.host + ":" + this.port;
	}

	boolean isConnected() {
		Connection current = this.connection;
		return current != null && current.isOpen();
	}

	/**
	 * Return the open connection, opening one if there is none.
	 * @throws DsmqConnectionException if connecting fails, or failed too recently to try again
	 */
	Connection connection() {
		Connection current = this.connection;
		if (current != null && current.isOpen()) {
			return current;
		}
		synchronized (this.lock) {
			if (this.closed) {
				throw new DsmqException("the client for " + address() + " is closed");
			}
			if (isConnected()) {
				return this.connection;
			}
			long now = System.nanoTime();
			Duration wait = this.backoff.remaining(now);
			if (!wait.isZero()) {
				throw new DsmqConnectionException(
						"not connected (" + this.lastFailure + "); next attempt in " + wait.toMillis() + " ms");
			}
			try {
				this.connection = Connection.open(this.host, this.port, this.connectTimeout, this.security, this.json);
				this.backoff.succeeded();
				return this.connection;
			}
			catch (DsmqConnectionException ex) {
				this.backoff.failed(now);
				this.lastFailure = ex.getMessage();
				throw ex;
			}
		}
	}

	void close() {
		synchronized (this.lock) {
			this.closed = true;
			if (this.connection != null) {
				this.connection.close("the client was closed");
			}
		}
	}

}
