package dev.dsmq.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import tools.jackson.databind.JsonNode;

/**
 * One connection to a dsmq server. A message is any JSON value; the {@code String} methods put and read string
 * messages, as every dsmq client does.
 * <p>
 * The client is thread-safe: requests from several threads are pipelined on the one connection and each reply is
 * matched to its request by id. The server answers the requests of a connection strictly in order, so a
 * {@link #getWait} that is waiting holds up every request sent after it, from any thread; their timeouts run while
 * they queue. Use a separate client for a long-polling reader.
 * <p>
 * The futures of the {@code ...Async} methods complete on the client's own threads, usually the one that reads
 * replies, so stages attached to them must not block; in particular they must not call this client's blocking
 * methods, whose replies that very thread has to read. Attach such work with {@code thenApplyAsync} and the like.
 * <p>
 * The client connects on {@link #connect()} or on its first request. When the connection drops, requests in flight
 * fail with a {@link DsmqConnectionException}, and the next request reconnects; failed attempts back off
 * exponentially, and requests made during the backoff fail at once. <strong>A reconnect starts a new read
 * position:</strong> the server keeps each reader's position in its connection and starts it when the connection
 * opens, so after a reconnect a reader sees only messages put after the new connection was opened; messages put
 * while it was disconnected are never seen by it.
 */
public interface DsmqClient extends AutoCloseable {

	/** Address the client connects to by default. */
	String DEFAULT_HOST = "127.0.0.1";

	/** Port the client connects to by default, dsmq's port. */
	int DEFAULT_PORT = 30008;

	/** How long connecting may take by default. */
	Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** How long a reply may take by default; a {@link #getWait} adds its wait. */
	Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);

	/** Delay before the first reconnect attempt after a failed one, by default. */
	Duration DEFAULT_RECONNECT_BACKOFF_INITIAL = Duration.ofMillis(100);

	/** Longest delay between reconnect attempts, by default. */
	Duration DEFAULT_RECONNECT_BACKOFF_MAX = Duration.ofSeconds(10);

	/**
	 * Start building a client.
	 * @return a builder with the defaults
	 */
	static DsmqClientBuilder builder() {
		return new DsmqClientBuilder();
	}

	/**
	 * Open the connection now if it is not open, which starts the read position of every topic.
	 * @throws DsmqConnectionException if the server cannot be reached
	 */
	void connect();

	/**
	 * Return whether the connection is open; it may still be closed by the server at any moment.
	 * @return whether the client is connected
	 */
	boolean isConnected();

	/**
	 * Return where the client connects.
	 * @return {@code host:port}
	 */
	String getAddress();

	/**
	 * Put a message and wait until the server has stored it.
	 * @throws DsmqRefusedException if the server refused it
	 */
	default void put(String topic, String message) {
		put(topic, Messages.of(message));
	}

	/**
	 * Put any JSON value and wait until the server has stored it.
	 * @throws DsmqRefusedException if the server refused it
	 */
	void put(String topic, JsonNode message);

	/**
	 * Put a message without waiting for, or asking for, an acknowledgement, as a dsmq client does: the server sends
	 * nothing back, not even when it refuses the message.
	 */
	default void putUnacknowledged(String topic, String message) {
		putUnacknowledged(topic, Messages.of(message));
	}

	/**
	 * Put any JSON value without asking for an acknowledgement.
	 */
	void putUnacknowledged(String topic, JsonNode message);

	/**
	 * Take the oldest message of the topic that this connection has not read.
	 * @return the message, or empty if there is none
	 */
	Optional<JsonNode> get(String topic);

	/**
	 * Take the newest message of the topic that this connection has not read, skipping every older one.
	 * @return the message, or empty if there is none
	 */
	Optional<JsonNode> getLatest(String topic);

	/**
	 * Take the oldest unread message of the topic, waiting up to the given time for one to be put. The server caps
	 * the wait (60 seconds by default). This connection's later requests wait behind it.
	 * @return the message, or empty if none was put in time
	 */
	Optional<JsonNode> getWait(String topic, Duration wait);

	/**
	 * Take the oldest unread message of the topic as text.
	 * @return a string message as it is, any other JSON value as its JSON text, or empty if there is none
	 */
	default Optional<String> getString(String topic) {
		return get(topic).map(Messages::text);
	}

	/**
	 * Wait up to the given time for a message of the topic, as text.
	 * @return a string message as it is, any other JSON value as its JSON text, or empty if none was put in time
	 */
	default Optional<String> getWaitString(String topic, Duration wait) {
		return getWait(topic, wait).map(Messages::text);
	}

	/**
	 * Ask the server to stop, and wait until it has agreed.
	 * @throws DsmqRefusedException if the server's policy does not allow it from this client
	 */
	void shutdownServer();

	/**
	 * Put any JSON value; the future completes once the server has stored it, or fails with a
	 * {@link DsmqException}. Connecting, if needed, happens on the calling thread.
	 */
	CompletableFuture<Void> putAsync(String topic, JsonNode message);

	/**
	 * Take the oldest unread message of the topic; the future holds it, or empty if there is none.
	 */
	CompletableFuture<Optional<JsonNode>> getAsync(String topic);

	/**
	 * Take the newest unread message of the topic; the future holds it, or empty if there is none.
	 */
	CompletableFuture<Optional<JsonNode>> getLatestAsync(String topic);

	/**
	 * Take the oldest unread message of the topic, waiting up to the given time for one to be put; the future holds
	 * it, or empty if none was put in time.
	 */
	CompletableFuture<Optional<JsonNode>> getWaitAsync(String topic, Duration wait);

	/**
	 * Close the connection; requests in flight fail, and the client cannot be used again.
	 */
	@Override
	void close();

}
