package dev.dsmq.client;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The dsmq framing: a 23-byte ASCII header {@code {"msg_length": N}} with {@code N = 1000000 + body length}, then
 * the UTF-8 JSON body.
 */
final class Frames {

	static final int HEADER_LENGTH = 23;

	static final int MAX_BODY_LENGTH = 8_999_999;

	private static final byte[] HEADER_START = "{\"msg_length\": ".getBytes(StandardCharsets.US_ASCII);

	private Frames() {
	}

	/**
	 * Prefix a body with its header, so that the frame can leave in one write.
	 */
	static byte[] encode(byte[] body) {
		if (body.length > MAX_BODY_LENGTH) {
			throw new IllegalArgumentException(
					"body of " + body.length + " bytes exceeds the " + MAX_BODY_LENGTH + "-byte limit");
		}
		byte[] header = ("{\"msg_length\": " + (1_000_000 + body.length) + "}").getBytes(StandardCharsets.US_ASCII);
		byte[] frame = new byte[header.length + body.length];
		System.arraycopy(header, 0, frame, 0, header.length);
		System.arraycopy(body, 0, frame, header.length, body.length);
		return frame;
	}

	/**
	 * Read one frame's body.
	 * @return the body, or {@code null} if the stream ended cleanly between frames
	 * @throws MalformedFrameException if the header is not a dsmq header
	 * @throws EOFException if the stream ended inside a frame
	 */
	static byte[] read(InputStream in) throws IOException {
		byte[] header = in.readNBytes(HEADER_LENGTH);
		if (header.length == 0) {
			return null;
		}
		if (header.length < HEADER_LENGTH) {
			throw new EOFException("stream closed after " + header.length + " of " + HEADER_LENGTH + " header bytes");
		}
		int length = bodyLength(header);
		byte[] body = in.readNBytes(length);
		if (body.length < length) {
			throw new EOFException("stream closed after " + body.length + " of " + length + " body bytes");
		}
		return body;
	}

	private static int bodyLength(byte[] header) throws MalformedFrameException {
		boolean valid = header[HEADER_LENGTH - 1] == '}' && header[HEADER_START.length] >= '1';
		for (int i = 0; valid && i < HEADER_START.length; i++) {
			valid = header[i] == HEADER_START[i];
		}
		int n = 0;
		for (int i = HEADER_START.length; valid && i < HEADER_LENGTH - 1; i++) {
			valid = header[i] >= '0' && header[i] <= '9';
			n = n * 10 + (header[i] - '0');
		}
		if (!valid) {
			throw new MalformedFrameException("header is not {\"msg_length\": NNNNNNN}: "
					+ new String(header, StandardCharsets.US_ASCII).replaceAll("\\P{Print}", "?"));
		}
		return n - 1_000_000;
	}

	/**
	 * A header that is not a dsmq header: the stream can no longer be split into frames.
	 */
	static final class MalformedFrameException extends IOException {

		MalformedFrameException(String message) {
			super(message);
		}

	}

}
