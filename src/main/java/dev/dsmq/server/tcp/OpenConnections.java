package dev.dsmq.server.tcp;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dsmq.server.protocol.Generation;
import org.jspecify.annotations.Nullable;

/**
 * The protocol connections being served.
 */
public interface OpenConnections {

	/**
	 * Return the connections served now, in no particular order; those being refused are left out.
	 */
	List<Summary> connections();

	/**
	 * Return how many connections are served now by the tag of their generation, {@code unknown} included, each
	 * generation's tag present even at 0, in the order {@code headerless}, {@code framed}, {@code websocket},
	 * {@code tinymq}, {@code unknown}. The server's own counts them without a list as long as the connections.
	 */
	default Map<String, Integer> countsByGeneration() {
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (Generation generation : Generation.values()) {
			counts.put(generation.tag(), 0);
		}
		counts.put(Generation.UNKNOWN, 0);
		for (Summary connection : connections()) {
			counts.merge(connection.generation(), 1, Integer::sum);
		}
		return counts;
	}

	/**
	 * One connection.
	 * @param peer the peer's address and port, {@code address:port}
	 * @param generation the wire generation it speaks, such as {@code websocket}; {@code unknown} until its first
	 * bytes tell
	 * @param openedAt when the server accepted it
	 * @param requestsServed how many well-formed requests it has sent that the server acted on
	 * @param role a tinyMQ connection's role once it is open, {@code producer} or {@code consumer}; null otherwise
	 * @param topic the topic a tinyMQ connection's path named; null for other generations
	 */
	record Summary(String peer, String generation, Instant openedAt, long requestsServed, @Nullable String role,
			@Nullable String topic) {

		/**
		 * A connection of a dsmq generation, which has no role or topic of its own.
		 */
		public Summary(String peer, String generation, Instant openedAt, long requestsServed) {
			this(peer, generation, openedAt, requestsServed, null, null);
		}

	}

}
