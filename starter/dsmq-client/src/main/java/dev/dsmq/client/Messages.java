package dev.dsmq.client;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * Conversions between string messages and JSON values.
 */
final class Messages {

	private Messages() {
	}

	static JsonNode of(String message) {
		if (message == null) {
			throw new IllegalArgumentException("message must not be null; use a JSON null node to put null");
		}
		return JsonNodeFactory.instance.stringNode(message);
	}

	static String text(JsonNode message) {
		return message.isString() ? message.stringValue() : message.toString();
	}

}
