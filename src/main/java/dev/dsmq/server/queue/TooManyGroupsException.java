package dev.dsmq.server.queue;

/**
 * Thrown when a request names one group more than a topic or the server may have ({@code dsmq.groups.max-per-topic},
 * {@code dsmq.groups.max-total}); the groups there are go on.
 */
public final class TooManyGroupsException extends RuntimeException {

	TooManyGroupsException(String message) {
		super(message, null, false, false);
	}

}
