package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * The 23-byte frame header, {@code {"msg_length": N}}, where N has seven digits and encodes the body length plus
 * one million.
 */
final class FrameHeader {

	static final int LENGTH = 23;

	static final int MAX_BODY_LENGTH = 8_999_999;

	private static final int LENGTH_BIAS = 1_000_000;

	private static final byte[] PREFIX = "{\"msg_length\": ".getBytes(StandardCharsets.US_ASCII);

	private static final int DIGITS = 7;

	private FrameHeader() {
	}

	/**
	 * Return the body length that a header announces, or -1 if the header is not well-formed.
	 */
	static int bodyLength(byte[] header) {
		for (int i = 0; i < PREFIX.length; i++) {
			if (header[i] != PREFIX[i]) {
				return -1;
			}
		}
		if (header[LENGTH - 1] != '}' || header[PREFIX.length] == '0') {
			return -1;
		}
		int n = 0;
		for (int i = PREFIX.length; i < PREFIX.length + DIGITS; i++) {
			int digit = header[i] - '0';
			if (digit < 0 || digit > 9) {
				return -1;
			}
			n = n * 10 + digit;
		}
		return n - LENGTH_BIAS;
	}

	/**
	 * Write the header for a body of the given length at the start of {@code frame}.
	 */
	static void write(byte[] frame, int bodyLength) {
		if (bodyLength > MAX_BODY_LENGTH) {
			throw new IllegalArgumentException(
					"body of " + bodyLength + " bytes exceeds the " + MAX_BODY_LENGTH + "-byte frame limit");
		}
		System.arraycopy(PREFIX, 0, frame, 0, PREFIX.length);
		int n = bodyLength + LENGTH_BIAS;
		for (int i = PREFIX.length + DIGITS - 1; i >= PREFIX.length; i--) {
			frame[i] = (byte) ('0' + n % 10);
			n /= 10;
		}
		frame[LENGTH - 1] = '}';
	}

}
