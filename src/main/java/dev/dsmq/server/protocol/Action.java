package dev.dsmq.server.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The actions of the dsmq protocol, and the project's {@code auth}.
 */
public enum Action {

	/** Append a message to a topic; no reply. */
	PUT("put", false),

	/** Read the oldest message this connection has not seen. */
	GET("get", true),

	/** Read the newest message this connection has not seen, skipping the older ones. */
	GET_LATEST("get_latest", true),

	/** Stop the server; no reply. */
	SHUTDOWN("shutdown", false),

	/** Present the shared token, a connection's first request where one is required; always answered. */
	AUTH("auth", true);

	private final String wireName;

	private final boolean hasReply;

	Action(String wireName, boolean hasReply) {
		this.wireName = wireName;
		this.hasReply = hasReply;
	}

	/**
	 * The action's name on the wire, such as {@code get_latest}.
	 */
	public String wireName() {
		return this.wireName;
	}

	/**
	 * Whether the peer reads a reply to this action.
	 */
	public boolean hasReply() {
		return this.hasReply;
	}

	/**
	 * Whether the action reads a topic: {@code get} or {@code get_latest}.
	 */
	public boolean isRead() {
		return this == GET || this == GET_LATEST;
	}

	static @Nullable Action fromWireName(String name) {
		for (Action action : values()) {
			if (action.wireName.equals(name)) {
				return action;
			}
		}
		return null;
	}

}
