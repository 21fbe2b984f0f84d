package dev.dsmq.bench;

import java.io.IOException;

/**
 * One connection to a queue, with dsmq's semantics: every reader starts at "now" and reads one message per call.
 */
interface QueueClient extends AutoCloseable {

	/** Start reading a topic from now on, and return once the server knows it. */
	void subscribe(String topic) throws IOException;

	/** Append a message; {@code flush} sends it now rather than with the next ones. */
	void put(String topic, String message, boolean flush) throws IOException;

	/** Read the oldest message this connection has not read, or {@code ""} if there is none. */
	String get(String topic) throws IOException;

	/** Wait until every put this connection sent has been accepted, and return the newest message of the topic. */
	String confirmPuts(String topic) throws IOException;

	@Override
	void close() throws IOException;

}
