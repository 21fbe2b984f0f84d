package dev.dsmq.server.protocol;

import java.util.Locale;

/**
 * The dsmq wire generations the protocol port speaks, told apart by a connection's first bytes.
 */
public enum Generation {

	/** dsmq 0.1-0.4: bare JSON objects back to back. */
	HEADERLESS,

	/** dsmq 0.7: each body behind a 23-byte {@code {"msg_length": N}} header. */
	FRAMED,

	/** dsmq 1.0-1.4.1: one JSON object per WebSocket message. */
	WEBSOCKET;

	private final String tag = name().toLowerCase(Locale.ROOT);

	/**
	 * The generation as a metric tag value and as shown in the dsmq endpoint, such as {@code websocket}.
	 */
	public String tag() {
		return this.tag;
	}

}
