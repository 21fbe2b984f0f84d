package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import dev.dsmq.client.DsmqClient;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Puts and broadcast reads of application objects, which travel as JSON messages. The methods without a topic use
 * the default topic ({@code dsmq.client.template.default-topic}) and fail with an {@link IllegalStateException}
 * where there is none. Implemented by {@link DsmqTemplate}.
 */
public interface DsmqOperations {

	/**
	 * Put an object as JSON and wait until the server has stored it.
	 * @return the message's sequence number
	 */
	long put(String topic, Object payload);

	/**
	 * Put an object to the default topic, as {@link #put(String, Object)}.
	 */
	long put(Object payload);

	/**
	 * Put an object as JSON without waiting: the future completes with its sequence number once the server has
	 * stored it, or fails with why not. It completes on the client's own thread; stages that block belong on an
	 * executor of their own ({@code thenApplyAsync} and the like).
	 */
	CompletableFuture<Long> putAsync(String topic, Object payload);

	/**
	 * Put an object to the default topic, as {@link #putAsync(String, Object)}.
	 */
	CompletableFuture<Long> putAsync(Object payload);

	/**
	 * Put objects in the order given, sent one after the other without waiting for each reply, and return once the
	 * server has acknowledged every one.
	 * @return their sequence numbers, in the order given
	 * @throws dev.dsmq.client.DsmqException the first failure, with the others suppressed in it, once every put has
	 * been answered; the puts that did not fail are stored
	 */
	List<Long> putAll(String topic, List<?> payloads);

	/**
	 * Take the oldest message of the topic that this template has not read.
	 * @return the message as the given type, or empty if there is none
	 */
	<T> Optional<T> get(String topic, Class<T> type);

	/**
	 * Take the oldest unread message of the topic as a generic type, such as
	 * {@code new ParameterizedTypeReference<List<Order>>() {}}.
	 */
	<T> Optional<T> get(String topic, ParameterizedTypeReference<T> type);

	/**
	 * Take the oldest unread message of the default topic.
	 */
	<T> Optional<T> get(Class<T> type);

	/**
	 * Take the newest message of the topic that this template has not read, skipping every older one.
	 */
	<T> Optional<T> getLatest(String topic, Class<T> type);

	/**
	 * Take the oldest unread message of the topic, waiting up to the given time for one to be put. The wait runs on
	 * a connection of its own, so that it holds up no other call of this template, except reads of the same topic,
	 * which would take the same message.
	 * @return the message as the given type, or empty if none was put in time
	 */
	<T> Optional<T> getWait(String topic, Duration wait, Class<T> type);

	/**
	 * Take the oldest unread message of the topic as a generic type, waiting up to the given time.
	 */
	<T> Optional<T> getWait(String topic, Duration wait, ParameterizedTypeReference<T> type);

	/**
	 * Return the client this template puts and reads with, for what the template does not offer.
	 */
	DsmqClient getClient();

}
