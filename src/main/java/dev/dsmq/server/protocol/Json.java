package dev.dsmq.server.protocol;

import tools.jackson.core.json.JsonFactory;

/**
 * The one Jackson factory of the protocol; factories are thread-safe and costly to create.
 */
final class Json {

	static final JsonFactory FACTORY = new JsonFactory();

	private Json() {
	}

}
