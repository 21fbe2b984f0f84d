package dev.dsmq.server.tcp;

import java.time.Instant;
import java.util.List;

/**
 * The protocol connections being served.
 */
public interface OpenConnections {

	/**
	 * Return the connections served now, in no particular order; those being refused are left out.
	 */
	List<Summary> connections();

	/**
	 * One connection.
	 * @param peer the peer's address and port, {@code address:port}
	 * @param generation the wire generation it speaks, such as {@code websocket}; {@code unknown} until its first
	 * bytes tell
	 * @param openedAt when the server accepted it
	 * @param requestsServed how many well-formed requests it has sent that the server acted on
	 */
	record Summary(String peer, String generation, Instant openedAt, long requestsServed) {
	}

}
