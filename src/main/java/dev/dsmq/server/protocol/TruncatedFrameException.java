package dev.dsmq.server.protocol;

import java.io.IOException;

/**
 * Thrown when the stream ends inside a frame: the peer closed its connection with a request half sent.
 */
public final class TruncatedFrameException extends IOException {

	TruncatedFrameException(String message) {
		super(message);
	}

}
