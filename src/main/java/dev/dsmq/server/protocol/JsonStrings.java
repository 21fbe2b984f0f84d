package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;

/**
 * Text as a JSON string and back, for a generation whose messages are text rather than JSON values.
 */
final class JsonStrings {

	/** A string as long as a message may be: the default constraints would refuse the longest. */
	private static final JsonFactory FACTORY = JsonFactory.builder()
		.streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
		.build();

	private JsonStrings() {
	}

	/**
	 * Return UTF-8 text as one encoded JSON string: in quotes, the quote, the backslash and control characters
	 * escaped, every other byte as it is.
	 * @param text well-formed UTF-8
	 */
	static byte[] encode(byte[] text) {
		int length = 2;
		for (byte b : text) {
			length += escapedLength(b);
		}
		byte[] json = new byte[length];
		int at = 0;
		json[at++] = '"';
		for (byte b : text) {
			int escaped = escapedLength(b);
			if (escaped == 1) {
				json[at++] = b;
				continue;
			}
			json[at++] = '\\';
			json[at++] = switch (b) {
				case '"' -> '"';
				case '\\' -> '\\';
				case '\b' -> 'b';
				case '\f' -> 'f';
				case '\n' -> 'n';
				case '\r' -> 'r';
				case '\t' -> 't';
				default -> 'u';
			};
			if (escaped == 6) {
				json[at++] = '0';
				json[at++] = '0';
				json[at++] = (byte) Character.forDigit(b >>> 4, 16);
				json[at++] = (byte) Character.forDigit(b & 0xF, 16);
			}
		}
		json[at] = '"';
		return json;
	}

	private static int escapedLength(byte b) {
		if (b == '"' || b == '\\') {
			return 2;
		}
		if (b >= 0 && b < 0x20) {
			return (b == '\b' || b == '\f' || b == '\n' || b == '\r' || b == '\t') ? 2 : 6;
		}
		return 1;
	}

	/**
	 * Whether an encoded JSON value, as a message is kept, is a string.
	 */
	static boolean isString(byte[] value) {
		return value.length > 0 && value[0] == '"';
	}

	/**
	 * Return the text of one encoded JSON string, as UTF-8.
	 * @throws IllegalArgumentException if the value is not a JSON string
	 */
	static byte[] decode(byte[] value) {
		try (JsonParser parser = FACTORY.createParser(ObjectReadContext.empty(), value)) {
			if (parser.nextToken() != JsonToken.VALUE_STRING) {
				throw new IllegalArgumentException("not a JSON string");
			}
			return parser.getString().getBytes(StandardCharsets.UTF_8);
		}
	}

}
