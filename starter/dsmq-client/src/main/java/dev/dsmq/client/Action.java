package dev.dsmq.client;

/**
 * The requests the client sends, by their names on the wire.
 */
enum Action {

	PUT("put", false),

	GET("get", true),

	GET_LATEST("get_latest", true),

	SHUTDOWN("shutdown", false),

	DELETE("delete", false),

	POP("pop", true),

	PEEK("peek", true),

	RELEASE("release", false);

	private final String wireName;

	private final boolean readsMessage;

	Action(String wireName, boolean readsMessage) {
		this.wireName = wireName;
		this.readsMessage = readsMessage;
	}

	String wireName() {
		return this.wireName;
	}

	/**
	 * Whether the reply carries a message, or nothing when none was eligible.
	 */
	boolean readsMessage() {
		return this.readsMessage;
	}

}
