package dev.dsmq.server.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a frame's body is not a request the server can act on. The message says what was wrong with the
 * request, in the protocol's terms, and is fit to send to the peer.
 */
public final class InvalidRequestException extends Exception {

	private final RejectReason reason;

	private final boolean replyExpected;

	private final @Nullable Action action;

	private final byte @Nullable [] id;

	InvalidRequestException(RejectReason reason, boolean replyExpected, String message) {
		this(reason, replyExpected, null, null, message);
	}

	InvalidRequestException(RejectReason reason, boolean replyExpected, @Nullable Action action,
			byte @Nullable [] id, String message) {
		super(message, null, false, false);
		this.reason = reason;
		this.replyExpected = replyExpected || id != null;
		this.action = action;
		this.id = id;
	}

	public RejectReason getReason() {
		return this.reason;
	}

	/**
	 * Whether the peer waits for a reply: true for a broken frame, for a request with an id and for actions that
	 * have replies ({@code get}, {@code get_latest}, {@code auth}); a peer that sent a plain {@code put} never
	 * reads, so it is not answered.
	 */
	public boolean isReplyExpected() {
		return this.replyExpected;
	}

	/**
	 * The request's action, if it named one the server knows.
	 */
	public @Nullable Action getAction() {
		return this.action;
	}

	/**
	 * The request's id as encoded, if it had a valid one, for the error reply to carry.
	 */
	public byte @Nullable [] getId() {
		return this.id;
	}

}
