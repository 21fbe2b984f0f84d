package dev.dsmq.server.protocol;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * Turns a frame body into a {@link Request}. Besides dsmq's {@code action}, {@code topic} and {@code message}, it reads
 * the extensions {@code id} and {@code wait}; other fields are ignored, so that clients may send extensions to
 * servers that do not know them. A message may be any JSON value and is kept exactly as it was encoded.
 */
public final class RequestParser {

	private RequestParser() {
	}

	/**
	 * Parse a frame body.
	 * @param body the body of one frame
	 * @return the request
	 * @throws InvalidRequestException if the body is not valid UTF-8 JSON, or not a request
	 */
	public static Request parse(byte[] body) throws InvalidRequestException {
		if (!isValidUtf8(body)) {
			throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true, "body is not valid UTF-8");
		}
		Fields fields;
		try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
			JsonToken first = parser.nextToken();
			if (first == null) {
				throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true, "body holds no JSON value");
			}
			fields = Fields.read(first, parser);
			if (parser.nextToken() != null) {
				throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true,
						"body has more than one JSON value");
			}
		}
		catch (JacksonException ex) {
			throw new InvalidRequestException(RejectReason.MALFORMED_BODY, true,
					"body is not valid JSON: " + ex.getOriginalMessage());
		}
		return fields.toRequest(body);
	}

	private static boolean isValidUtf8(byte[] bytes) {
		int start = 0;
		while (start < bytes.length && bytes[start] >= 0) {
			start++;
		}
		if (start == bytes.length) {
			return true;
		}
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder();
		ByteBuffer in = ByteBuffer.wrap(bytes, start, bytes.length - start);
		CharBuffer out = CharBuffer.allocate(Math.min(8192, bytes.length - start + 1));
		while (true) {
			CoderResult result = decoder.decode(in, out, true);
			if (result.isError()) {
				return false;
			}
			if (result.isUnderflow()) {
				return !decoder.flush(out).isError();
			}
			out.clear();
		}
	}

	/**
	 * The fields of a request object as found, before they are checked against the action.
	 */
	private static final class Fields {

		/** Longer waits are capped by the server anyway; this keeps the conversion to nanoseconds in range. */
		private static final double LONGEST_WAIT_SECONDS = 1_000_000;

		private @Nullable String action;

		private @Nullable String topic;

		private final Span message = new Span();

		private final Span id = new Span();

		private @Nullable Double waitSeconds;

		private boolean isObject = true;

		private final Set<String> wrongTypes = new HashSet<>(4);

		static Fields read(JsonToken first, JsonParser parser) {
			Fields fields = new Fields();
			if (first != JsonToken.START_OBJECT) {
				fields.isObject = false;
				parser.skipChildren();
			}
			else {
				String name;
				while ((name = parser.nextName()) != null) {
					fields.readField(name, parser);
				}
			}
			return fields;
		}

		private void readField(String name, JsonParser parser) {
			JsonToken token = parser.nextToken();
			switch (name) {
				case "action" -> this.action = stringOrNull(name, token, parser);
				case "topic" -> this.topic = stringOrNull(name, token, parser);
				case "message" -> this.message.read(parser);
				case "id" -> {
					if (token == JsonToken.VALUE_STRING || token.isNumeric()) {
						this.id.read(parser);
					}
					else {
						wrongType(name, parser);
					}
				}
				case "wait" -> {
					if (token.isNumeric()) {
						this.waitSeconds = parser.getDoubleValue();
					}
					else {
						wrongType(name, parser);
					}
				}
				default -> parser.skipChildren();
			}
		}

		private @Nullable String stringOrNull(String name, JsonToken token, JsonParser parser) {
			if (token == JsonToken.VALUE_STRING) {
				return parser.getString();
			}
			wrongType(name, parser);
			return null;
		}

		private void wrongType(String name, JsonParser parser) {
			this.wrongTypes.add(name);
			parser.skipChildren();
		}

		Request toRequest(byte[] body) throws InvalidRequestException {
			if (!this.isObject) {
				throw invalid(false, "body is not a JSON object");
			}
			if (this.wrongTypes.contains("id")) {
				throw invalid(true, "\"id\" must be a string or a number");
			}
			byte[] id = this.id.copyFrom(body);
			if (this.action == null) {
				throw invalid(false, id, missingOrWrongType("action"));
			}
			Action parsed = Action.fromWireName(this.action);
			if (parsed == null) {
				throw new InvalidRequestException(RejectReason.UNKNOWN_ACTION, false, id,
						"unknown action \"" + this.action + "\"");
			}
			if (parsed == Action.SHUTDOWN) {
				return new Request(parsed, "", null, id, null);
			}
			if (this.topic == null) {
				throw invalid(parsed.hasReply(), id, missingOrWrongType("topic"));
			}
			if (!isWellFormed(this.topic)) {
				// A JSON escape can spell a lone surrogate; it has no UTF-8 form, so the store would keep it as "?"
				// and merge the topic with others.
				throw invalid(parsed.hasReply(), id, "\"topic\" must be Unicode text (it has an unpaired surrogate)");
			}
			if (parsed != Action.PUT) {
				return new Request(parsed, this.topic, null, id, longPoll(id));
			}
			if (!this.message.isPresent()) {
				throw invalid(false, id, "\"message\" is missing");
			}
			return new Request(parsed, this.topic, this.message.copyFrom(body), id, null);
		}

		private @Nullable Duration longPoll(byte @Nullable [] id) throws InvalidRequestException {
			Double seconds = this.waitSeconds;
			if (this.wrongTypes.contains("wait") || (seconds != null && !(seconds >= 0))) {
				throw invalid(true, id, "\"wait\" must be a non-negative number of seconds");
			}
			if (seconds == null) {
				return null;
			}
			return Duration.ofNanos((long) (Math.min(seconds, LONGEST_WAIT_SECONDS) * 1e9));
		}

		private static boolean isWellFormed(String text) {
			for (int i = 0; i < text.length(); i++) {
				char c = text.charAt(i);
				if (Character.isHighSurrogate(c) && i + 1 < text.length()
						&& Character.isLowSurrogate(text.charAt(i + 1))) {
					i++;
				}
				else if (Character.isSurrogate(c)) {
					return false;
				}
			}
			return true;
		}

		private String missingOrWrongType(String name) {
			return this.wrongTypes.contains(name) ? "\"" + name + "\" must be a string" : "\"" + name + "\" is missing";
		}

		private static InvalidRequestException invalid(boolean replyExpected, String message) {
			return invalid(replyExpected, null, message);
		}

		private static InvalidRequestException invalid(boolean replyExpected, byte @Nullable [] id, String message) {
			return new InvalidRequestException(RejectReason.INVALID_FIELD, replyExpected, id, message);
		}

	}

	/**
	 * Where one JSON value lies in the body, so that it can be kept exactly as it was encoded.
	 */
	private static final class Span {

		private int start = -1;

		private int end = -1;

		/**
		 * Take the value at the parser's current token, consuming it.
		 */
		void read(JsonParser parser) {
			this.start = (int) parser.currentTokenLocation().getByteOffset();
			if (parser.currentToken() == JsonToken.VALUE_STRING) {
				// strings are decoded lazily; finishing the token moves the location past the closing quote
				parser.finishToken();
			}
			else {
				parser.skipChildren();
			}
			this.end = (int) parser.currentLocation().getByteOffset();
		}

		boolean isPresent() {
			return this.start >= 0;
		}

		byte @Nullable [] copyFrom(byte[] body) {
			return isPresent() ? Arrays.copyOfRange(body, this.start, this.end) : null;
		}

	}

}
