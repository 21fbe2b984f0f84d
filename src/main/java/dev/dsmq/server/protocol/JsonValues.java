package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;

/**
 * Where a JSON value that the parser has already checked, or is about to, ends in a body. The parser finds a
 * value's start; these find its end from the bytes alone, so that a string is kept as it was encoded without being
 * decoded, and a value too deep for the parser can be stepped over to read the fields after it.
 */
final class JsonValues {

	private JsonValues() {
	}

	/**
	 * The offset just past the string that starts with the quote at {@code start}, or -1 if it does not end within
	 * the body. Neither a quote nor a backslash can be part of a multi-byte UTF-8 sequence, so bytes are enough.
	 */
	static int stringEnd(byte[] body, int start) {
		int i = start + 1;
		while (i < body.length && body[i] != '"') {
			i += (body[i] == '\\') ? 2 : 1;
		}
		return (i < body.length) ? i + 1 : -1;
	}

	/**
	 * The offset just past the value that starts at {@code start}, or -1 if it does not end within the body.
	 */
	static int end(byte[] body, int start) {
		byte first = body[start];
		if (first == '"') {
			return stringEnd(body, start);
		}
		if (first != '[' && first != '{') {
			int i = start;
			while (i < body.length && ",]} \t\r\n".indexOf(body[i]) < 0) {
				i++;
			}
			return i;
		}
		long depth = 0;
		for (int i = start; i < body.length; i++) {
			byte b = body[i];
			if (b == '"') {
				i = stringEnd(body, i) - 1;
				if (i < 0) {
					return -1;
				}
			}
			else if (b == '[' || b == '{') {
				depth++;
			}
			else if ((b == ']' || b == '}') && --depth == 0) {
				return i + 1;
			}
		}
		return -1;
	}

	/**
	 * A copy of the body with the bytes from {@code start} to {@code end} replaced.
	 */
	static byte[] replace(byte[] body, int start, int end, String replacement) {
		byte[] with = replacement.getBytes(StandardCharsets.US_ASCII);
		byte[] result = new byte[body.length - (end - start) + with.length];
		System.arraycopy(body, 0, result, 0, start);
		System.arraycopy(with, 0, result, start, with.length);
		System.arraycopy(body, end, result, start + with.length, body.length - end);
		return result;
	}

}
