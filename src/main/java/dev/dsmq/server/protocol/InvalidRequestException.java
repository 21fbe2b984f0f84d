package dev.dsmq.server.protocol;

/**
 * Thrown when a frame's body is not a request the server can act on. The message says what was wrong and is fit to
 * send to the peer.
 */
public final class InvalidRequestException extends Exception {

	private final RejectReason reason;

	private final boolean replyExpected;

	InvalidRequestException(RejectReason reason, boolean replyExpected, String message) {
		super(message, null, false, false);
		this.reason = reason;
		this.replyExpected = replyExpected;
	}

	public RejectReason getReason() {
		return this.reason;
	}

	/**
	 * Whether the peer waits for a reply: true for a broken frame and for actions that have replies
	 * ({@code get}, {@code get_latest}); a peer that sent a {@code put} never reads, so it is not answered.
	 */
	public boolean isReplyExpected() {
		return this.replyExpected;
	}

}
