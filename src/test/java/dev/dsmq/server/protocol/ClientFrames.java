package dev.dsmq.server.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.enums.Role;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.framing.Framedata;
import org.jspecify.annotations.Nullable;

/**
 * WebSocket frames as a client writes them, masked, down to the byte, and the server's frames as a client reads
 * them, through Java-WebSocket's own parser.
 */
final class ClientFrames {

	/** The masking key of RFC 6455's examples (section 5.7). */
	static final byte[] MASK = { 0x37, (byte) 0xfa, 0x21, 0x3d };

	static final int CONTINUATION = 0x0;

	static final int TEXT = 0x1;

	static final int BINARY = 0x2;

	static final int CLOSE = 0x8;

	static final int PING = 0x9;

	static final int PONG = 0xA;

	private ClientFrames() {
	}

	static byte[] text(String text) {
		return frame(true, TEXT, utf8(text));
	}

	static byte[] frame(boolean fin, int opcode, byte[] payload) {
		return frame((fin ? 0x80 : 0) | opcode, payload, shortestLengthBytes(payload.length), MASK);
	}

	/**
	 * A frame down to the byte.
	 * @param firstByte FIN, RSV and opcode
	 * @param lengthBytes how many bytes of extended length to write: 0, 2 or 8
	 * @param mask the masking key, or {@code null} for an unmasked frame
	 */
	static byte[] frame(int firstByte, byte[] payload, int lengthBytes, byte @Nullable [] mask) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.write(firstByte);
		int maskBit = (mask != null) ? 0x80 : 0;
		if (lengthBytes == 0) {
			out.write(maskBit | payload.length);
		}
		else {
			out.write(maskBit | ((lengthBytes == 2) ? 126 : 127));
			for (int i = lengthBytes - 1; i >= 0; i--) {
				out.write((int) ((long) payload.length >>> (8 * i)));
			}
		}
		if (mask != null) {
			out.writeBytes(mask);
		}
		for (int i = 0; i < payload.length; i++) {
			out.write(payload[i] ^ ((mask != null) ? mask[i % 4] : 0));
		}
		return out.toByteArray();
	}

	/**
	 * A header alone, announcing a payload that does not follow.
	 */
	static byte[] headerOnly(int firstByte, long payloadLength) {
		ByteBuffer header = ByteBuffer.allocate(14);
		header.put((byte) firstByte);
		header.put((byte) (0x80 | 127));
		header.putLong(payloadLength);
		header.put(MASK);
		return header.array();
	}

	static int shortestLengthBytes(int length) {
		return (length <= 125) ? 0 : (length <= 0xFFFF) ? 2 : 8;
	}

	static byte[] close(int status) {
		return frame(true, CLOSE, new byte[] { (byte) (status >>> 8), (byte) status });
	}

	static byte[] concat(byte[]... parts) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		for (byte[] part : parts) {
			out.writeBytes(part);
		}
		return out.toByteArray();
	}

	static byte[] utf8(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

	/**
	 * Parse frames the server wrote as a client of Java-WebSocket does.
	 */
	static List<Framedata> readAsClient(byte[] bytes) throws InvalidDataException {
		Draft_6455 draft = new Draft_6455();
		draft.setParseMode(Role.CLIENT);
		return new ArrayList<>(draft.translateFrame(ByteBuffer.wrap(bytes)));
	}

}
