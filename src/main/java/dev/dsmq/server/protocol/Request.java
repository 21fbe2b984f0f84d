package dev.dsmq.server.protocol;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A request as read from the wire.
 * @param action what the peer asks for
 * @param topic the topic, empty for {@code shutdown}
 * @param message for {@code put}, the message exactly as it was encoded in the request: the UTF-8 bytes of one JSON
 * value, quotes and escapes included, so that it can be sent back without being decoded and encoded again
 * @param id the request's {@code id} extension as encoded, a JSON string or number; a request with an id is always
 * answered, and the answer carries the id
 * @param longPoll the {@code wait} extension of a read: how long to hold the reply while nothing is eligible
 */
public record Request(Action action, String topic, byte @Nullable [] message, byte @Nullable [] id,
		@Nullable Duration longPoll) {

	public Request {
		if ((action == Action.PUT) != (message != null)) {
			throw new IllegalArgumentException("a message goes with put and only with put, not " + action);
		}
		if (longPoll != null && (longPoll.isNegative() || !action.hasReply())) {
			throw new IllegalArgumentException("a long poll is a non-negative time on a read, not " + longPoll + " on " + action);
		}
	}

	public static Request put(String topic, byte[] message) {
		return new Request(Action.PUT, topic, message, null, null);
	}

	public static Request of(Action action, String topic) {
		return new Request(action, topic, null, null, null);
	}

	/**
	 * Whether the peer reads a reply to this request: it has an id, or its action has a reply.
	 */
	public boolean isAnswered() {
		return this.id != null || this.action.hasReply();
	}

}
