package dev.dsmq.server.protocol;

import java.net.SocketTimeoutException;
import java.util.Objects;

/**
 * A frame whose header could not be trusted: the stream can no longer be split into frames, so the connection is
 * answered with an error frame and closed.
 * @param reason why the frame was refused
 * @param detail what was wrong, for the peer and the log
 */
public record FramingError(RejectReason reason, String detail) {

	public FramingError {
		if (!reason.closesConnection()) {
			throw new IllegalArgumentException(reason + " does not break framing");
		}
	}

	/**
	 * The error for a read that ran out of one of the input's limits: a request that takes too long once it has
	 * started, or no request for too long.
	 * @param started whether the request had started
	 */
	static FramingError timedOut(boolean started, SocketTimeoutException ex) {
		return new FramingError(started ? RejectReason.FRAME_TIMEOUT : RejectReason.IDLE_TIMEOUT,
				Objects.requireNonNullElse(ex.getMessage(), "read timed out"));
	}

}
