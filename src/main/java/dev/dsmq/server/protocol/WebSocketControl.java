package dev.dsmq.server.protocol;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * What the server answers to a client's control frame (RFC 6455, section 5.5).
 */
final class WebSocketControl {

	private WebSocketControl() {
	}

	/**
	 * Return the answer to a control frame whose payload has been read and unmasked.
	 * @return a pong for a ping, the close frame that answers a close, a {@link FramingError} for a close frame that
	 * breaks RFC 6455, or {@code null} for a pong, which asks for nothing
	 */
	static @Nullable Object answer(WebSocketFrameHeader header, byte[] payload) {
		return switch (header.opcode()) {
			case WebSocketFrameHeader.PING -> new Control(WebSocketFrames.control(WebSocketFrameHeader.PONG, payload),
					false);
			case WebSocketFrameHeader.PONG -> null;
			case WebSocketFrameHeader.CLOSE -> answerClose(payload);
			default -> throw new IllegalArgumentException(
					"opcode 0x" + Integer.toHexString(header.opcode()) + " is not a control frame's");
		};
	}

	/**
	 * Echo the peer's status, or 1000 for a close without one, as RFC 6455 5.5.1 suggests; the reason is not echoed.
	 */
	private static Object answerClose(byte[] payload) {
		if (payload.length == 0) {
			return new Control(WebSocketFrames.close(WebSocketFrames.NORMAL_CLOSURE, ""), true);
		}
		if (payload.length == 1) {
			return new FramingError(RejectReason.WEBSOCKET_PROTOCOL, "close frame with a 1-byte payload");
		}
		int status = ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
		if (!WebSocketFrames.isSendableStatus(status)) {
			return new FramingError(RejectReason.WEBSOCKET_PROTOCOL,
					"close status " + status + " is not one a peer may send");
		}
		if (!Utf8.isValid(Arrays.copyOfRange(payload, 2, payload.length))) {
			return new FramingError(RejectReason.MALFORMED_BODY, "close reason is not valid UTF-8");
		}
		return new Control(WebSocketFrames.close(status, ""), true);
	}

}
