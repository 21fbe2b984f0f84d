package dev.dsmq.server.protocol;

import org.jspecify.annotations.Nullable;

/**
 * The actions of the dsmq protocol, the project's {@code auth}, and the actions of work-queue groups.
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
	AUTH("auth", true),

	/** Mark a message done for a work-queue group; no reply. */
	DELETE("delete", false),

	/** Claim and delete the oldest message available to a work-queue group, in one step. */
	POP("pop", true),

	/** Return what a get of a work-queue group would, without claiming it. */
	PEEK("peek", true),

	/** Give a work-queue group's claim back early; no reply. */
	RELEASE("release", false);

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
	 * Whether the action reads a topic, and may wait for a message: {@code get}, {@code get_latest}, {@code pop} or
	 * {@code peek}.
	 */
	public boolean isRead() {
		return this == GET || this == GET_LATEST || this == POP || this == PEEK;
	}

	/**
	 * Whether the action takes a work-queue group: {@code get} may, {@code delete}, {@code pop}, {@code peek} and
	 * {@code release} must.
	 */
	public boolean takesGroup() {
		return this == GET || needsGroup();
	}

	/**
	 * Whether the action is a work-queue group's alone, so that a request of it must name the group.
	 */
	public boolean needsGroup() {
		return this == DELETE || this == POP || this == PEEK || this == RELEASE;
	}

	/**
	 * Whether the action names a message by its sequence number: {@code delete} and {@code release}.
	 */
	public boolean needsSequence() {
		return this == DELETE || this == RELEASE;
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
