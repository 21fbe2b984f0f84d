package dev.dsmq.server.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a frame's body is not a request the server can act on. The message says what was wrong and is fit to
 * send to the peer.
 */
public final class InvalidRequestException extends Exception {

	private final RejectReason reason;

	private final boolean replyExpected;

	private final byte @Nullable [] id;

	InvalidRequestException(RejectReason reason, boolean replyExpected, String message) {
		this(reason, replyExpected, null, message);
	}

	InvalidRequestException(RejectReason reason, boolean replyExpected, byte @Nullable [] id, String message) {
		super(message, null, false, false);
		this.reason = reason;
		this.replyExpected = replyExpected || id != null;
		this.id = id;
	}

	public RejectReason getReason() {
		return this.reason;
	}

	/**
	 * Whether the peer waits for a reply: true for a broken frame, for a request with an id and for actions that
	 * have replies ({@code get}, {@code get_latest}); a peer that sent a plain {@code put} never reads, so it is not
	 * answered.
	 */
	public boolean isReplyExpected() {
		return this.replyExpected;
	}

	/**
	 * The request's id as encoded, if it had a valid one, for the error reply to carry.
	 */
	public byte @Nullable [] getId() {
		return this.id;
	}

}
