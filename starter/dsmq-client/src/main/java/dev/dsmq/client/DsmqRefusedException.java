package dev.dsmq.client;

/**
 * The server answered a request with an error; {@link #getReason()} is the server's own reason.
 */
public class DsmqRefusedException extends DsmqException {

	private final String reason;

	public DsmqRefusedException(String request, String address, String reason) {
		super(request + " refused by " + address + ": " + reason);
		this.reason = reason;
	}

	/**
	 * Return the reason the server gave.
	 * @return the server's {@code error} text
	 */
	public String getReason() {
		return this.reason;
	}

}
