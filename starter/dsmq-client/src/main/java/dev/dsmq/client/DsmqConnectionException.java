package dev.dsmq.client;

/**
 * The client could not connect to the server, or the connection was lost while a request was in flight.
 */
public class DsmqConnectionException extends DsmqException {

	public DsmqConnectionException(String message) {
		super(message);
	}

	public DsmqConnectionException(String message, Throwable cause) {
		super(message, cause);
	}

}
