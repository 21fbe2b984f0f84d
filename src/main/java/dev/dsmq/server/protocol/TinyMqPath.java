package dev.dsmq.server.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The topic a tinyMQ client's WebSocket upgrade names: its path after the {@code /}, query included, percent-decoded.
 * <p>
 * tinyMQ's client writes {@code ws://host:port/<topic>}, and its WebSocket library sends a topic of ASCII
 * characters as it is and percent-encodes the UTF-8 of one with any other; decoding gives back the topic the client
 * was given either way. A {@code %} that starts no escape (two hexadecimal digits) is kept as it is, so that an ASCII
 * topic with a {@code %} in it is the topic the client named; one that does start an escape is decoded, so an ASCII
 * topic spelling one ({@code a%41}) is read as the text it encodes ({@code aA}).
 */
public final class TinyMqPath {

	private TinyMqPath() {
	}

	/**
	 * Return the topic a request path names.
	 * @param path the request's path, as the upgrade's request line has it: {@code /} and at least one more character
	 * @throws IllegalArgumentException if the path names no topic: not ASCII, or not UTF-8 once decoded; the message
	 * says why in the server's words, not the client's
	 */
	public static String topic(String path) {
		if (path.length() < 2 || path.charAt(0) != '/') {
			throw new IllegalArgumentException("a tinyMQ path is / and a topic");
		}
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(path.length());
		for (int i = 1; i < path.length(); i++) {
			char c = path.charAt(i);
			if (c >= 0x80 || c < 0x20 || c == 0x7f) {
				throw new IllegalArgumentException("the path holds a character that is not printable ASCII: "
						+ "percent-encode the topic's UTF-8");
			}
			int high = (c == '%' && i + 2 < path.length()) ? hex(path.charAt(i + 1)) : -1;
			int low = (high >= 0) ? hex(path.charAt(i + 2)) : -1;
			if (low >= 0) {
				bytes.write((high << 4) | low);
				i += 2;
			}
			else {
				bytes.write(c);
			}
		}
		byte[] topic = bytes.toByteArray();
		if (!Utf8.isValid(topic)) {
			throw new IllegalArgumentException("the topic is not UTF-8 once percent-decoded");
		}
		return new String(topic, StandardCharsets.UTF_8);
	}

	/**
	 * The value of an ASCII hexadecimal digit, -1 for any other character.
	 */
	private static int hex(char c) {
		return (c < 0x80) ? Character.digit(c, 16) : -1;
	}

}
