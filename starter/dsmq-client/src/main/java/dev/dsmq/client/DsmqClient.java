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
 * opens, so after a reconnect a reader sees only messages put after the new connection was opened, unless it reads
 * with {@link #receive} after the last sequence number it processed.
 * <p>
 * Besides broadcast reads, where every connection gets every message, a topic can be read as a work queue by
 * groups: {@link #claim} gives each message to one member of the group until it is {@link #delete deleted} or its
 * claim runs out (at least once), {@link #pop} gives it once (at most once).
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
	 * @return the message's sequence number
	 * @throws DsmqRefusedException if the server refused it
	 */
	default long put(String topic, String message) {
		return put(topic, Messages.of(message));
	}

	/**
	 * Put any JSON value and wait until the server has stored it.
	 * @return the message's sequence number
	 * @throws DsmqRefusedException if the server refused it
	 */
	default long put(String topic, JsonNode message) {
		return put(topic, message, PutOptions.none());
	}

	/**
	 * Put any JSON value with headers, or a delay before groups see it, and wait until the server has stored it.
	 * @return the message's sequence number
	 * @throws DsmqRefusedException if the server refused it, for instance for too many headers
	 */
	long put(String topic, JsonNode message, PutOptions options);

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
	 * Read the topic as a broadcast reader, with the message's sequence number, when it was put and its headers: a
	 * reader that remembers the last sequence number it processed resumes after it with {@link ReadOptions#after},
	 * also on a new connection, for as long as the server holds the messages.
	 * @return the message, or empty if there is none (or none was put within the wait)
	 */
	Optional<ReceivedMessage> receive(String topic, ReadOptions options);

	/**
	 * Claim the oldest message of the topic available to the group, for the server's default visibility timeout:
	 * no other member of the group gets it until the claim runs out, and it is the group's for good once
	 * {@link #delete deleted}. Each group gets every message of the topic; broadcast readers are not affected.
	 * @return the message, or empty if none is available
	 */
	default Optional<ReceivedMessage> claim(String topic, String group) {
		return claim(topic, group, ClaimOptions.defaults());
	}

	/**
	 * Claim the oldest message of the topic available to the group, for as long as given.
	 * @return the message, or empty if none is available
	 */
	default Optional<ReceivedMessage> claim(String topic, String group, Duration visibility) {
		return claim(topic, group, ClaimOptions.defaults().visibility(visibility));
	}

	/**
	 * Claim the oldest message of the topic available to the group, as the options say.
	 * @return the message, or empty if none is available (or became available within the wait)
	 */
	Optional<ReceivedMessage> claim(String topic, String group, ClaimOptions options);

	/**
	 * Mark a message done for the group: no member gets it again. Deleting a message twice, or one that has
	 * expired, is no error.
	 */
	void delete(String topic, String group, long seq);

	/**
	 * Claim and delete the oldest message available to the group in one step: it is delivered at most once.
	 * @return the message, or empty if none is available
	 */
	default Optional<ReceivedMessage> pop(String topic, String group) {
		return pop(topic, group, Duration.ZERO);
	}

	/**
	 * Claim and delete the oldest message available to the group, waiting up to the given time for one.
	 * @return the message, or empty if none became available in time
	 */
	Optional<ReceivedMessage> pop(String topic, String group, Duration wait);

	/**
	 * Return what {@link #claim(String, String)} would, without claiming it or counting a retrieval.
	 * @return the message, or empty if none is available
	 */
	Optional<ReceivedMessage> peek(String topic, String group);

	/**
	 * Give a claim back before it runs out: the message is available to the group again at once.
	 */
	default void release(String topic, String group, long seq) {
		release(topic, group, seq, Duration.ZERO);
	}

	/**
	 * Give a claim back before it runs out: the message is available to the group again after the delay.
	 */
	void release(String topic, String group, long seq, Duration delay);

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
	 * Put any JSON value; the future holds its sequence number once the server has stored it, or fails with a
	 * {@link DsmqException}. Connecting, if needed, happens on the calling thread.
	 */
	default CompletableFuture<Long> putAsync(String topic, JsonNode message) {
		return putAsync(topic, message, PutOptions.none());
	}

	/**
	 * Put any JSON value with headers or a delay; the future holds its sequence number once the server has stored it.
	 */
	CompletableFuture<Long> putAsync(String topic, JsonNode message, PutOptions options);

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
	 * Read the topic as a broadcast reader with the message's metadata, as {@link #receive}.
	 */
	CompletableFuture<Optional<ReceivedMessage>> receiveAsync(String topic, ReadOptions options);

	/**
	 * Claim the oldest message of the topic available to the group, as {@link #claim(String, String, ClaimOptions)}.
	 */
	CompletableFuture<Optional<ReceivedMessage>> claimAsync(String topic, String group, ClaimOptions options);

	/**
	 * Mark a message done for the group; the future completes once the server has done so.
	 */
	CompletableFuture<Void> deleteAsync(String topic, String group, long seq);

	/**
	 * Claim and delete the oldest message available to the group, as {@link #pop(String, String, Duration)}.
	 */
	CompletableFuture<Optional<ReceivedMessage>> popAsync(String topic, String group, Duration wait);

	/**
	 * Return what a claim would, without claiming, as {@link #peek}.
	 */
	CompletableFuture<Optional<ReceivedMessage>> peekAsync(String topic, String group);

	/**
	 * Give a claim back, available to the group again after the delay; the future completes once the server has.
	 */
	CompletableFuture<Void> releaseAsync(String topic, String group, long seq, Duration delay);

	/**
	 * Close the connection; requests in flight fail, and the client cannot be used again.
	 */
	@Override
	void close();

}
