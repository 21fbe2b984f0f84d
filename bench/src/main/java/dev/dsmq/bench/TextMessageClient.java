package dev.dsmq.bench;

import java.io.IOException;

/**
 * The queue calls of dsmq 1.x, whatever carries its messages: each request one text message, each reply one message
 * whose {@code message} is returned. Subclasses say how a message is sent and a reply read.
 */
abstract class TextMessageClient implements QueueClient {

	/** Send one request as a text message. */
	abstract void send(String text) throws IOException;

	/** Read the next reply and return its message. */
	abstract String reply() throws IOException;

	/**
	 * A dsmq connection reads from the moment it was accepted; one round trip proves it was.
	 */
	@Override
	public void subscribe(String topic) throws IOException {
		get(topic);
	}

	/** Each put is a message of its own, sent at once. */
	@Override
	public void put(String topic, String message, boolean flush) throws IOException {
		send(Requests.put(topic, message));
	}

	@Override
	public String get(String topic) throws IOException {
		send(Requests.get(topic));
		return reply();
	}

	@Override
	public String confirmPuts(String topic) throws IOException {
		send(Requests.getLatest(topic));
		return reply();
	}

}
