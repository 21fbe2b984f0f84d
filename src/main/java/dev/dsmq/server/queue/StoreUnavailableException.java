package dev.dsmq.server.queue;

/**
 * The store cannot be reached: a request that needs it is refused with this reason, which names no host and carries
 * no stack trace, and may be tried again.
 */
public class StoreUnavailableException extends RuntimeException {

	StoreUnavailableException(String reason, Throwable cause) {
		super(reason, cause);
	}

}
