package dev.dsmq.client.autoconfigure;

import dev.dsmq.client.ReceivedMessage;

/**
 * Decides what becomes of a message that a {@link DsmqListener} method failed on, named by the listener's
 * {@link DsmqListener#errorHandler()}. Returning means the message is dealt with: a group deletes it, a broadcast
 * reader reads on. Throwing means it is not: a group gives it back to the group, which claims it again until the
 * server moves it to {@code <topic>.dead-letter} after {@code dsmq.groups.max-retrievals} claims; a broadcast reader
 * logs the failure and reads on.
 */
@FunctionalInterface
public interface DsmqListenerErrorHandler {

	/**
	 * Deal with the message the method failed on.
	 * @param message the message, with its sequence number, headers and retrieval count
	 * @param failure what the method (or the conversion to its parameter) threw, the last time if it was retried
	 * @throws Exception to leave the message failed
	 */
	void handle(ReceivedMessage message, Exception failure) throws Exception;

}
