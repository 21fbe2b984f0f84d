package dev.dsmq.bench;

import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a reply object, {@code {"message": M}} or {@code {"message": "", "error": R}}, whatever carried it.
 */
final class Replies {

	private static final JsonFactory json = new JsonFactory();

	private Replies() {
	}

	/** A parser over a stream of replies back to back, as dsmq 0.1-0.4 sends them. */
	static JsonParser stream(java.io.InputStream in) {
		return json.createParser(ObjectReadContext.empty(), in);
	}

	/** The message of a reply that arrived as one body, such as a frame or a WebSocket message. */
	static String message(byte[] body) throws IOException {
		try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body)) {
			return next(parser, () -> new String(body, StandardCharsets.UTF_8));
		}
	}

	/** The message of a reply that arrived as one WebSocket text message. */
	static String message(String body) throws IOException {
		try (JsonParser parser = json.createParser(ObjectReadContext.empty(), body)) {
			return next(parser, () -> body);
		}
	}

	/**
	 * Read the next reply object of the parser to its end and return its message; the parser then stands before the
	 * next reply.
	 */
	static String next(JsonParser parser, Text context) throws IOException {
		JsonToken start = parser.nextToken();
		if (start == null) {
			throw new EOFException("the server closed the connection");
		}
		if (start != JsonToken.START_OBJECT) {
			throw new IOException("reply is not a JSON object: " + context.text());
		}
		String message = null;
		String error = null;
		String name;
		while ((name = parser.nextName()) != null) {
			JsonToken token = parser.nextToken();
			if (name.equals("error") && token == JsonToken.VALUE_STRING) {
				error = parser.getString();
			}
			else if (name.equals("message") && token == JsonToken.VALUE_STRING) {
				message = parser.getString();
			}
			else {
				parser.skipChildren();
			}
		}
		if (error != null) {
			throw new IOException("server refused the request: " + error);
		}
		if (message == null) {
			throw new IOException("reply without a message: " + context.text());
		}
		return message;
	}

	/** What to show of a reply that could not be read; made only when needed. */
	@FunctionalInterface
	interface Text {

		String text();

	}

}
