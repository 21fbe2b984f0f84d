package dev.dsmq.bench;

/**
 * The request bodies of the protocol's section 2, byte for byte the same for every generation, so that what differs
 * between generations is only how a body travels.
 * <p>
 * Topics and messages in the benchmark are plain ASCII, so they need no JSON escaping.
 */
final class Requests {

	private Requests() {
	}

	static String put(String topic, String message) {
		return "{\"action\": \"put\", \"topic\": \"" + topic + "\", \"message\": \"" + message + "\"}";
	}

	static String get(String topic) {
		return "{\"action\": \"get\", \"topic\": \"" + topic + "\"}";
	}

	static String getLatest(String topic) {
		return "{\"action\": \"get_latest\", \"topic\": \"" + topic + "\"}";
	}

}
