package dev.dsmq.server.protocol;

import org.jspecify.annotations.Nullable;

/**
 * A request as read from the wire.
 * @param action what the peer asks for
 * @param topic the topic, empty for {@code shutdown}
 * @param message for {@code put}, the message exactly as it was encoded in the request: the UTF-8 bytes of one JSON
 * value, quotes and escapes included, so that it can be sent back without being decoded and encoded again
 */
public record Request(Action action, String topic, byte @Nullable [] message) {

	public Request {
		if ((action == Action.PUT) != (message != null)) {
			throw new IllegalArgumentException("a message goes with put and only with put, not " + action);
		}
	}

	public static Request put(String topic, byte[] message) {
		return new Request(Action.PUT, topic, message);
	}

	public static Request of(Action action, String topic) {
		return new Request(action, topic, null);
	}

}
