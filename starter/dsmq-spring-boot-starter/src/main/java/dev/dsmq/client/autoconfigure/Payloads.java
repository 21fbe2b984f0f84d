package dev.dsmq.client.autoconfigure;

import dev.dsmq.client.DsmqException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Converts between messages, which are JSON values, and application objects.
 */
final class Payloads {

	private Payloads() {
	}

	/**
	 * Convert a message to the given type. A {@code String} target takes a string message as it is and any other
	 * JSON value as its JSON text.
	 */
	@SuppressWarnings("unchecked")
	static <T> T convert(ObjectMapper mapper, JsonNode message, JavaType type, String topic) {
		if (type.getRawClass() == String.class) {
			return (T) (message.isString() ? message.stringValue() : message.toString());
		}
		try {
			return mapper.treeToValue(message, type);
		}
		catch (JacksonException ex) {
			throw new DsmqException("message of topic '" + topic + "' cannot be read as " + type + ": "
					+ ex.getOriginalMessage(), ex);
		}
	}

}
