package dev.dsmq.server.protocol;

import java.util.Locale;

/**
 * Why a request was refused. The first three mean the stream can no longer be split into frames, so the connection
 * is answered with an error frame and closed; the others leave the connection open.
 */
public enum RejectReason {

	/** The header is not {@code {"msg_length": NNNNNNN}}. */
	MALFORMED_HEADER(true),

	/** The header announces a body longer than the configured limit. */
	BODY_TOO_LARGE(true),

	/** The body is not valid UTF-8 JSON. */
	MALFORMED_BODY(true),

	/** A field is missing or of the wrong type. */
	INVALID_FIELD(false),

	/** The action is not one the server knows. */
	UNKNOWN_ACTION(false),

	/** A shutdown that the configured policy does not allow from this peer. */
	SHUTDOWN_REFUSED(false);

	private final boolean closesConnection;

	private final String tag;

	RejectReason(boolean closesConnection) {
		this.closesConnection = closesConnection;
		this.tag = name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	/**
	 * Whether framing is lost, so that the connection must be closed after the error frame.
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
