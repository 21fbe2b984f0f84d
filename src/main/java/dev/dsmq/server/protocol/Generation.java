package dev.dsmq.server.protocol;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The wire generations the protocol port speaks: every dsmq release's, told apart by a connection's first bytes, and
 * tinyMQ's, told from dsmq 1.x's by the path of its WebSocket upgrade.
 */
public enum Generation {

	/** dsmq 0.1-0.4: bare JSON objects back to back. */
	HEADERLESS,

	/** dsmq 0.7: each body behind a 23-byte {@code {"msg_length": N}} header. */
	FRAMED,

	/** dsmq 1.0-1.4.1: one JSON object per WebSocket message. */
	WEBSOCKET,

	/** tinyMQ: one protobuf message per binary WebSocket message, on a path that names the topic. */
	TINYMQ;

	/** The tag of a connection whose first bytes have not told its generation yet, or never did. */
	public static final String UNKNOWN = "unknown";

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * The tag of a generation, {@link #UNKNOWN} for none.
	 */
	public static String tagOf(@Nullable Generation generation) {
		return (generation != null) ? generation.tag : UNKNOWN;
	}

	/**
	 * The generation as a metric tag value and as shown in the dsmq endpoint, such as {@code websocket}.
	 */
	public String tag() {
		return this.tag;
	}

}
