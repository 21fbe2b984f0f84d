package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.Optional;

import dev.dsmq.client.DsmqClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * Puts and gets application objects, converted to and from JSON messages with the application's Jackson mapper.
 * A message that cannot be converted to the requested type fails the get with a
 * {@link dev.dsmq.client.DsmqException}; it has been read all the same.
 */
public class DsmqTemplate {

	private final DsmqClient client;

	private final ObjectMapper mapper;

	public DsmqTemplate(DsmqClient client, ObjectMapper mapper) {
		this.client = client;
		this.mapper = mapper;
	}

	/**
	 * Put an object as JSON and wait until the server has stored it.
	 */
	public void put(String topic, Object payload) {
		this.client.put(topic, this.mapper.<JsonNode>valueToTree(payload));
	}

	/**
	 * Take the oldest unread message of the topic.
	 * @return the message as the given type, or empty if there is none
	 */
	public <T> Optional<T> get(String topic, Class<T> type) {
		return convert(this.client.get(topic), topic, type);
	}

	/**
	 * Take the newest unread message of the topic, skipping every older one.
	 * @return the message as the given type, or empty if there is none
	 */
	public <T> Optional<T> getLatest(String topic, Class<T> type) {
		return convert(this.client.getLatest(topic), topic, type);
	}

	/**
	 * Take the oldest unread message of the topic, waiting up to the given time for one to be put.
	 * @return the message as the given type, or empty if none was put in time
	 */
	public <T> Optional<T> getWait(String topic, Duration wait, Class<T> type) {
		return convert(this.client.getWait(topic, wait), topic, type);
	}

	public DsmqClient getClient() {
		return this.client;
	}

	private <T> Optional<T> convert(Optional<JsonNode> message, String topic, Class<T> type) {
		return message.map((node) -> Payloads.convert(this.mapper, node, this.mapper.constructType(type), topic));
	}

}
