package dev.dsmq.client;

/**
 * The server sent something the client cannot trust (a broken frame, a reply that is not JSON, or an error frame
 * without an id), so the client closed the connection and failed every request in flight on it.
 */
public class DsmqProtocolException extends DsmqConnectionException {

	public DsmqProtocolException(String message) {
		super(message);
	}

	public DsmqProtocolException(String message, Throwable cause) {
		super(message, cause);
	}

}
