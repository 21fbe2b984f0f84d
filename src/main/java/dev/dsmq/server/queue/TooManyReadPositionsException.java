package dev.dsmq.server.queue;

/**
 * Thrown when a connection would read from one more topic than it may keep read positions in
 * ({@code dsmq.max-read-positions}); it keeps reading the topics it has positions in.
 */
public final class TooManyReadPositionsException extends RuntimeException {

	TooManyReadPositionsException(int positions) {
		super("this connection keeps read positions in " + positions + " topics that hold messages, the most it may "
				+ "(dsmq.max-read-positions)", null, false, false);
	}

}
