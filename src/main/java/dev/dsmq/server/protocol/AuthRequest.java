package dev.dsmq.server.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;

/**
 * An {@code auth} request, {@code {"action": "auth", "token": "...", "id": X}}, the first request of a connection to
 * a server that requires a token. Its {@link #toString()} leaves the token out, so that it cannot reach a log.
 * @param token the token as UTF-8 bytes, or {@code null} if the field is missing or not a string
 * @param id the request's {@code id} as encoded, a JSON string or number, or {@code null}
 */
public record AuthRequest(byte @Nullable [] token, byte @Nullable [] id) {

	/** The action's name on the wire. */
	public static final String ACTION = "auth";

	/**
	 * Read a frame body as an {@code auth} request.
	 * @return the request, or {@code null} if the body is not a JSON object whose action is {@code auth}
	 */
	public static @Nullable AuthRequest parse(byte[] body) {
		try (JsonParser parser = Json.FACTORY.createParser(ObjectReadContext.empty(), body)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			boolean isAuth = false;
			byte[] token = null;
			byte[] id = null;
			String name;
			while ((name = parser.nextName()) != null) {
				JsonToken value = parser.nextToken();
				if (name.equals("action")) {
					isAuth = value == JsonToken.VALUE_STRING && ACTION.equals(parser.getString());
				}
				else if (name.equals("token") && value == JsonToken.VALUE_STRING) {
					token = parser.getString().getBytes(StandardCharsets.UTF_8);
				}
				else if (name.equals("id") && (value == JsonToken.VALUE_STRING || value.isNumeric())) {
					id = encoded(parser, body);
				}
				else {
					parser.skipChildren();
				}
			}
			return isAuth ? new AuthRequest(token, id) : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	/**
	 * The scalar at the parser's current token exactly as it is encoded in the body.
	 */
	private static byte[] encoded(JsonParser parser, byte[] body) {
		int start = (int) parser.currentTokenLocation().getByteOffset();
		// strings are decoded lazily; finishing the token moves the location past the closing quote
		parser.finishToken();
		int end = (int) parser.currentLocation().getByteOffset();
		return Arrays.copyOfRange(body, start, end);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof AuthRequest that && Arrays.equals(this.token, that.token)
				&& Arrays.equals(this.id, that.id);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(this.token) + Arrays.hashCode(this.id);
	}

	@Override
	public String toString() {
		return "AuthRequest[token=" + ((this.token != null) ? "(hidden)" : "none") + ", id="
				+ ((this.id != null) ? new String(this.id, StandardCharsets.UTF_8) : "none") + "]";
	}

}
