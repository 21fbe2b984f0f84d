package dev.dsmq.server.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

import org.jspecify.annotations.Nullable;

/**
 * The header of one WebSocket frame (RFC 6455, section 5.2): whether it ends its message, its opcode, its payload's
 * length and the key that masks the payload.
 * <p>
 * Frames are parsed here rather than by Java-WebSocket's {@code Draft_6455.translateFrame}, which wants the whole
 * frame in a buffer and copies its payload into another, checks a size limit per frame rather than per message,
 * accepts unmasked client frames, leaves the order of fragments to a {@code WebSocketImpl}, and throws a
 * {@code NullPointerException} on a close frame whose reason is not UTF-8. Every check a server owes RFC 6455 is
 * made here and in {@link WebSocketCodec}.
 * @param fin whether the frame is the last of its message
 * @param reserved the three RSV bits, RSV1 highest
 * @param opcode what the frame holds, 0 to 15
 * @param masked whether the payload is masked, as every client frame must be
 * @param payloadLength the payload's length in bytes; negative if the 64-bit length has its top bit set
 * @param maskKey the masking key, first byte highest; 0 when not masked
 */
record WebSocketFrameHeader(boolean fin, int reserved, int opcode, boolean masked, long payloadLength, int maskKey) {

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	/** Most bytes of a header: two, eight of extended length, four of masking key. */
	static final int MAX_LENGTH = 14;

	/** Longest payload of a control frame. */
	static final int MAX_CONTROL_PAYLOAD = 125;

	private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

	WebSocketFrameHeader {
		if (opcode < 0 || opcode > 0xF) {
			throw new IllegalArgumentException("opcode " + opcode + " does not fit in four bits");
		}
		if (reserved < 0 || reserved > 7) {
			throw new IllegalArgumentException("reserved bits " + reserved + " do not fit in three bits");
		}
	}

	/**
	 * Return the length of the header whose second byte is given: it says how many bytes of length and of masking
	 * key follow.
	 */
	static int length(int secondByte) {
		int lengthCode = secondByte & 0x7F;
		int extended = (lengthCode == 126) ? 2 : (lengthCode == 127) ? 8 : 0;
		return 2 + extended + (((secondByte & 0x80) != 0) ? 4 : 0);
	}

	/**
	 * Read the rest of the header whose first byte has been read.
	 * @throws TruncatedFrameException if the stream ends inside the header
	 */
	static WebSocketFrameHeader read(int firstByte, InputStream in) throws IOException {
		int secondByte = in.read();
		if (secondByte < 0) {
			throw new TruncatedFrameException("stream closed after 1 of at least 2 header bytes");
		}
		byte[] header = new byte[length(secondByte)];
		header[0] = (byte) firstByte;
		header[1] = (byte) secondByte;
		int read = 2 + in.readNBytes(header, 2, header.length - 2);
		if (read < header.length) {
			throw new TruncatedFrameException("stream closed after " + read + " of " + header.length + " header bytes");
		}
		return parse(header);
	}

	/**
	 * Parse a whole header, {@link #length} bytes.
	 */
	static WebSocketFrameHeader parse(byte[] header) {
		int lengthCode = header[1] & 0x7F;
		int at = 2;
		long payloadLength = lengthCode;
		if (lengthCode >= 126) {
			// longer than needed is accepted: the RFC asks senders for the shortest form, but the length is clear
			int bytes = (lengthCode == 126) ? 2 : 8;
			payloadLength = 0;
			for (int end = at + bytes; at < end; at++) {
				payloadLength = (payloadLength << 8) | (header[at] & 0xFF);
			}
		}
		boolean masked = (header[1] & 0x80) != 0;
		int maskKey = 0;
		if (masked) {
			for (int end = at + 4; at < end; at++) {
				maskKey = (maskKey << 8) | (header[at] & 0xFF);
			}
		}
		return new WebSocketFrameHeader((header[0] & 0x80) != 0, (header[0] >> 4) & 0x7, header[0] & 0xF, masked,
				payloadLength, maskKey);
	}

	boolean isControl() {
		return (this.opcode & 0x8) != 0;
	}

	/**
	 * Return what in this header alone makes it a frame that a server must refuse from a client, or {@code null}.
	 */
	@Nullable String violation() {
		if (this.reserved != 0) {
			return "reserved bits 0x" + Integer.toHexString(this.reserved << 4) + " set with no extension negotiated";
		}
		if (this.opcode > BINARY && this.opcode != CLOSE && this.opcode != PING && this.opcode != PONG) {
			return "unknown opcode 0x" + Integer.toHexString(this.opcode);
		}
		if (!this.masked) {
			// RFC 6455 5.1: a server must close the connection on a client frame that is not masked
			return "client frame is not masked";
		}
		if (this.payloadLength < 0) {
			return "64-bit payload length has its most significant bit set";
		}
		if (isControl() && this.payloadLength > MAX_CONTROL_PAYLOAD) {
			return "control frame of " + this.payloadLength + " bytes exceeds the " + MAX_CONTROL_PAYLOAD
					+ "-byte limit";
		}
		if (isControl() && !this.fin) {
			return "control frame (opcode 0x" + Integer.toHexString(this.opcode) + ") is fragmented";
		}
		return null;
	}

	/**
	 * Unmask this frame's payload in place.
	 */
	void unmask(byte[] payload) {
		// eight bytes at a time, the key twice over: a sixth of the time of a byte at a time on a 64 KiB payload
		long key = ((long) this.maskKey << 32) | (this.maskKey & 0xFFFFFFFFL);
		int i = 0;
		for (; i + Long.BYTES <= payload.length; i += Long.BYTES) {
			LONGS.set(payload, i, (long) LONGS.get(payload, i) ^ key);
		}
		for (; i < payload.length; i++) {
			payload[i] ^= (byte) (this.maskKey >>> (24 - 8 * (i & 3)));
		}
	}

}
