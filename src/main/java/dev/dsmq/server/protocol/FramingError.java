package dev.dsmq.server.protocol;

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

}
