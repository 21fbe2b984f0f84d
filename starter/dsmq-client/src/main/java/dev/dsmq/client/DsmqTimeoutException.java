package dev.dsmq.client;

import java.time.Duration;

/**
 * No reply arrived within the request's timeout. The connection stays open and a reply that arrives later is
 * dropped: if it was a get's, that message has been read by this connection all the same, and is lost to it.
 */
public class DsmqTimeoutException extends DsmqException {

	private final Duration timeout;

	public DsmqTimeoutException(String request, String address, Duration timeout) {
		super("no reply to " + request + " from " + address + " within " + timeout.toMillis() + " ms");
		this.timeout = timeout;
	}

	/**
	 * Return how long the client waited.
	 * @return the timeout that ran out
	 */
	public Duration getTimeout() {
		return this.timeout;
	}

}
