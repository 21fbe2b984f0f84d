package dev.dsmq.client;

/**
 * Base of every exception the dsmq client throws; the message says what failed and where.
 */
public class DsmqException extends RuntimeException {

	public DsmqException(String message) {
		super(message);
	}

	public DsmqException(String message, Throwable cause) {
		super(message, cause);
	}

}
