package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The frames the server writes: never masked (RFC 6455, section 5.1), never fragmented, no extension.
 */
final class WebSocketFrames {

	/** Close status: the purpose of the connection has been fulfilled. */
	static final int NORMAL_CLOSURE = 1000;

	static final int GOING_AWAY = 1001;

	static final int PROTOCOL_ERROR = 1002;

	static final int UNSUPPORTED_DATA = 1003;

	static final int INVALID_PAYLOAD = 1007;

	static final int POLICY_VIOLATION = 1008;

	static final int MESSAGE_TOO_BIG = 1009;

	static final int INTERNAL_ERROR = 1011;

	static final int TRY_AGAIN_LATER = 1013;

	private WebSocketFrames() {
	}

	/**
	 * Return the header of a final, unmasked frame: 2, 4 or 10 bytes.
	 */
	static byte[] header(int opcode, int payloadLength) {
		if (payloadLength < 0) {
			throw new IllegalArgumentException("payload length " + payloadLength + " is negative");
		}
		byte first = (byte) (0x80 | opcode);
		if (payloadLength <= WebSocketFrameHeader.MAX_CONTROL_PAYLOAD) {
			return new byte[] { first, (byte) payloadLength };
		}
		if (payloadLength <= 0xFFFF) {
			return new byte[] { first, 126, (byte) (payloadLength >>> 8), (byte) payloadLength };
		}
		byte[] header = new byte[10];
		header[0] = first;
		header[1] = 127;
		for (int i = 0; i < 4; i++) {
			header[9 - i] = (byte) (payloadLength >>> (8 * i));
		}
		return header;
	}

	/**
	 * Return a whole control frame.
	 */
	static byte[] control(int opcode, byte[] payload) {
		if (payload.length > WebSocketFrameHeader.MAX_CONTROL_PAYLOAD) {
			throw new IllegalArgumentException("control payload of " + payload.length + " bytes exceeds the "
					+ WebSocketFrameHeader.MAX_CONTROL_PAYLOAD + "-byte limit");
		}
		byte[] frame = new byte[2 + payload.length];
		frame[0] = (byte) (0x80 | opcode);
		frame[1] = (byte) payload.length;
		System.arraycopy(payload, 0, frame, 2, payload.length);
		return frame;
	}

	/**
	 * Return a close frame with the given status and reason.
	 */
	static byte[] close(int status, String reason) {
		byte[] text = reason.getBytes(StandardCharsets.UTF_8);
		byte[] payload = new byte[2 + text.length];
		payload[0] = (byte) (status >>> 8);
		payload[1] = (byte) status;
		System.arraycopy(text, 0, payload, 2, text.length);
		return control(WebSocketFrameHeader.CLOSE, payload);
	}

	/**
	 * Return the close status that tells a peer why the server closes for the given reason.
	 */
	static int closeStatus(RejectReason reason) {
		return switch (reason) {
			case BODY_TOO_LARGE -> MESSAGE_TOO_BIG;
			case MALFORMED_BODY -> INVALID_PAYLOAD;
			case WEBSOCKET_PROTOCOL, MALFORMED_HEADER -> PROTOCOL_ERROR;
			case UNSUPPORTED_DATA -> UNSUPPORTED_DATA;
			case AUTH_REQUIRED, AUTH_FAILED, FRAME_TIMEOUT, IDLE_TIMEOUT, WRITE_TIMEOUT, UNKNOWN_ROLE ->
				POLICY_VIOLATION;
			// tinyMQ's client is told by the ConnStatus before it, and the close that follows it is a normal one
			case TOPIC_HAS_CONSUMER -> NORMAL_CLOSURE;
			// the limits that bite now may not bite later: 1013 asks the client to come back
			case TOO_MANY_CONNECTIONS, IN_FLIGHT_LIMIT -> TRY_AGAIN_LATER;
			case SERVER_STOPPING -> GOING_AWAY;
			case INVALID_FIELD, UNKNOWN_ACTION, TOPIC_TOO_LONG, GROUP_TOO_LONG, TOO_MANY_GROUPS, NESTING_TOO_DEEP,
					HEADERS_TOO_LARGE, TOO_MANY_READ_POSITIONS, NO_ROOM_FOR_REPLY, SHUTDOWN_REFUSED, TRUNCATED_FRAME,
					TLS_HANDSHAKE, UNKNOWN_PROTOCOL, BAD_HANDSHAKE ->
				INTERNAL_ERROR;
		};
	}

	/**
	 * Whether a peer may send the close status (RFC 6455, section 7.4): one defined for the protocol and not
	 * reserved for local use, or one for libraries and applications.
	 */
	static boolean isSendableStatus(int status) {
		return (status >= 1000 && status <= 1003) || (status >= 1007 && status <= 1014)
				|| (status >= 3000 && status <= 4999);
	}

}
