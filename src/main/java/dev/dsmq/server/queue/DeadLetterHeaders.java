package dev.dsmq.server.queue;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The headers of a message put to a dead-letter topic: those it was put with, and four that name where it comes from
 * and why, {@code dead-letter-topic}, {@code dead-letter-group}, {@code dead-letter-seq} and
 * {@code dead-letter-retrieval-count}, every value a string as headers' values are.
 */
final class DeadLetterHeaders {

	static final String TOPIC = "dead-letter-topic";

	static final String GROUP = "dead-letter-group";

	static final String SEQUENCE = "dead-letter-seq";

	static final String RETRIEVAL_COUNT = "dead-letter-retrieval-count";

	private static final JsonFactory json = new JsonFactory();

	private DeadLetterHeaders() {
	}

	/**
	 * Return the headers as one encoded JSON object.
	 * @param original the headers the message was put with, as encoded; the put checked that they are an object of
	 * string values
	 */
	static byte[] of(byte @Nullable [] original, String topic, String group, long sequence, int retrievals) {
		Map<String, String> headers = new LinkedHashMap<>();
		if (original != null) {
			try (JsonParser parser = json.createParser(ObjectReadContext.empty(), original)) {
				parser.nextToken();
				String name;
				while ((name = parser.nextName()) != null) {
					if (parser.nextToken() == JsonToken.VALUE_STRING) {
						headers.put(name, parser.getString());
					}
				}
			}
		}
		// ours last, and over any of the same name the message was put with
		headers.put(TOPIC, topic);
		headers.put(GROUP, group);
		headers.put(SEQUENCE, Long.toString(sequence));
		headers.put(RETRIEVAL_COUNT, Integer.toString(retrievals));
		ByteArrayOutputStream out = new ByteArrayOutputStream(128);
		try (JsonGenerator generator = json.createGenerator(ObjectWriteContext.empty(), out)) {
			generator.writeStartObject();
			for (Map.Entry<String, String> header : headers.entrySet()) {
				generator.writeStringProperty(header.getKey(), header.getValue());
			}
			generator.writeEndObject();
		}
		return out.toByteArray();
	}

}
