package dev.dsmq.server.tcp;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The one tinyMQ consumer each topic may have: a slot taken by a consumer's {@code ConnInit}, and free again once its
 * connection has closed. Of consumers that ask at once, one gets it.
 */
final class TinyMqConsumers {

	private final ConcurrentMap<String, Connection> consumers = new ConcurrentHashMap<>();

	/**
	 * Take a topic's slot for a connection, if it is free.
	 * @return whether the connection has it now
	 */
	boolean claim(String topic, Connection connection) {
		if (this.consumers.putIfAbsent(topic, connection) != null) {
			return false;
		}
		// a connection closed from another thread since it asked gave back what it held before it had this
		if (connection.isClosed()) {
			this.consumers.remove(topic, connection);
			return false;
		}
		return true;
	}

	/**
	 * Free the slot a closed connection holds, if any; its connection is marked closed before this is called.
	 */
	void release(Connection connection) {
		String topic = connection.tinyMqTopic();
		if (topic != null) {
			this.consumers.remove(topic, connection);
		}
	}

}
