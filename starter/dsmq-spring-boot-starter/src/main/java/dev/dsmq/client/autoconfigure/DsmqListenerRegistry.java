package dev.dsmq.client.autoconfigure;

import java.util.Set;

/**
 * The application's {@link DsmqListener}s by id, to pause, resume, stop and start at run time. Pausing lets a
 * listener finish the message it has and read no more, keeping its connection and where it has read up to; stopping
 * closes its connections, and starting it again reads on: a broadcast listener after the last message it processed,
 * a group's consumers from the group's next message.
 */
public interface DsmqListenerRegistry {

	/**
	 * Return the ids of every listener.
	 */
	Set<String> getListenerIds();

	/**
	 * Whether the listener runs (paused or not).
	 * @throws IllegalArgumentException if no listener has the id
	 */
	boolean isRunning(String id);

	/**
	 * Whether the listener is paused.
	 * @throws IllegalArgumentException if no listener has the id
	 */
	boolean isPaused(String id);

	/**
	 * Start the listener, if it is stopped; it is not paused afterwards.
	 */
	void start(String id);

	/**
	 * Stop the listener, waiting up to {@code dsmq.client.listener.shutdown-timeout} for the message it has.
	 */
	void stop(String id);

	/**
	 * Let the listener read no more messages once it is done with the one it has.
	 */
	void pause(String id);

	/**
	 * Let a paused listener read again.
	 */
	void resume(String id);

}
