package dev.dsmq.server.protocol;

import java.util.Locale;

/**
 * Why a request or a connection was refused. Those that {@linkplain #closesConnection() close the connection} are
 * answered with an error frame first; the others leave the connection open.
 */
public enum RejectReason {

	/** The header is not {@code {"msg_length": NNNNNNN}}. */
	MALFORMED_HEADER(true),

	/** The header announces a body longer than the configured limit. */
	BODY_TOO_LARGE(true),

	/**
	 * The body is not valid UTF-8 JSON; over tinyMQ, not the protobuf message expected next, or a write whose body is
	 * not UTF-8.
	 */
	MALFORMED_BODY(true),

	/** A field is missing or of the wrong type. */
	INVALID_FIELD(false),

	/** The action is not one the server knows. */
	UNKNOWN_ACTION(false),

	/** A topic name longer than the configured limit. */
	TOPIC_TOO_LONG(false),

	/** A work-queue group's name longer than the configured limit of topic names. */
	GROUP_TOO_LONG(false),

	/** A request naming one more work-queue group than a topic or the server may have. */
	TOO_MANY_GROUPS(false),

	/** A body whose JSON nests deeper than the configured limit. */
	NESTING_TOO_DEEP(false),

	/** A put whose headers have more entries or bytes than the configured limits. */
	HEADERS_TOO_LARGE(false),

	/** A read of one more topic than a connection may keep read positions in. */
	TOO_MANY_READ_POSITIONS(false),

	/** A read whose message found no room among the bytes in flight in time; it can be sent again. */
	NO_ROOM_FOR_REPLY(false),

	/** A shutdown that the configured policy does not allow from this peer. */
	SHUTDOWN_REFUSED(false),

	/** A new connection while the most connections allowed are open. */
	TOO_MANY_CONNECTIONS(true),

	/** A new connection while the server drains its connections to stop. */
	SERVER_STOPPING(true),

	/** A frame that did not arrive whole within the frame timeout. */
	FRAME_TIMEOUT(true),

	/** A connection that sent nothing for the idle timeout. */
	IDLE_TIMEOUT(true),

	/** A connection closed by its peer in the middle of a frame. */
	TRUNCATED_FRAME(true),

	/** A body that found no room among the request bytes in flight within the frame timeout. */
	IN_FLIGHT_LIMIT(true),

	/** A reply that the peer did not read for the write timeout. */
	WRITE_TIMEOUT(true),

	/** A connection that did not complete the TLS handshake: a plain-text client, an untrusted one, or a slow one. */
	TLS_HANDSHAKE(true),

	/** A first request that is not an {@code auth} where a token is required. */
	AUTH_REQUIRED(true),

	/** An {@code auth} request with a wrong or missing token. */
	AUTH_FAILED(true),

	/** A connection whose first bytes start none of the generations the port speaks. */
	UNKNOWN_PROTOCOL(true),

	/** An HTTP request that is not a WebSocket upgrade the server accepts. */
	BAD_HANDSHAKE(true),

	/** A WebSocket frame that breaks RFC 6455: unmasked, reserved bits or opcodes, a broken fragment sequence. */
	WEBSOCKET_PROTOCOL(true),

	/** A WebSocket message of a kind the generation does not take: a text message where tinyMQ sends binary. */
	UNSUPPORTED_DATA(true),

	/** A tinyMQ {@code ConnInit} whose role is neither a producer's nor a consumer's. */
	UNKNOWN_ROLE(true),

	/** A tinyMQ consumer of a topic that has one already: told so by its {@code ConnStatus}, then closed. */
	TOPIC_HAS_CONSUMER(true);

	private final boolean closesConnection;

	private final String tag;

	RejectReason(boolean closesConnection) {
		this.closesConnection = closesConnection;
		this.tag = name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Whether the connection is closed after the error frame: framing is lost, or the connection is not admitted.
	 */
	public boolean closesConnection() {
		return this.closesConnection;
	}

	/**
	 * The reason as a metric tag value, such as {@code malformed-header}.
	 */
	public String tag() {
		return this.tag;
	}

}
