package dev.dsmq.bench;

import java.io.IOException;

/**
 * One connection to a work queue: producers put, consumers of one group take each message once, by claiming it and
 * acknowledging it (at least once) or by popping it (at most once).
 */
interface WorkQueueClient extends AutoCloseable {

	/** Make the group exist before anything is put, where the queue needs that; return once it does. */
	void createGroup(String topic, String group) throws IOException;

	/** Append a message; {@code flush} sends it now rather than with the next ones. */
	void put(String topic, String message, boolean flush) throws IOException;

	/** Wait until every put this connection sent has been accepted. */
	void confirmPuts(String topic) throws IOException;

	/**
	 * Take the next message of the group: claimed and then acknowledged, the acknowledgement travelling with the next
	 * take, or popped. Returns {@code null} if none is available.
	 */
	String take(String topic, String group, boolean pop) throws IOException;

	@Override
	void close() throws IOException;

}
