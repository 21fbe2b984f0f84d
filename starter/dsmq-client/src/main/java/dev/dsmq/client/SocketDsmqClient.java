package dev.dsmq.client;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import dev.dsmq.client.RequestObserver.Outcome;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A {@link DsmqClient} over one socket at a time, replaced by a new one when it fails.
 */
final class SocketDsmqClient implements DsmqClient {

	// Floats are read as BigDecimal so that a number comes back as it was put, digit for digit.
	private static final JsonMapper json = JsonMapper.builder()
		.enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
		.build();

	private final Connector connector;

	private final Duration requestTimeout;

	private final RequestObserver observer;

	private final AtomicLong ids = new AtomicLong();

	SocketDsmqClient(String host, int port, Duration connectTimeout, Duration requestTimeout, Backoff backoff,
			Security security, RequestObserver observer) {
		this.connector = new Connector(host, port, connectTimeout, backoff, security, json);
		this.requestTimeout = requestTimeout;
		this.observer = observer;
	}

	@Override
	public String getAddress() {
		return this.connector.address();
	}

	@Override
	public void connect() {
		this.connector.connection();
	}

	@Override
	public boolean isConnected() {
		return this.connector.isConnected();
	}

	@Override
	public void put(String topic, JsonNode message) {
		await(putAsync(topic, message));
	}

	@Override
	public void putUnacknowledged(String topic, JsonNode message) {
		byte[] frame = frame(request("put", topic).set("message", message));
		try {
			this.connector.connection().sendWithoutReply(frame);
			observe("put", Outcome.SENT);
		}
		catch (DsmqConnectionException ex) {
			observe("put", Outcome.FAILED);
			throw ex;
		}
	}

	@Override
	public Optional<JsonNode> get(String topic) {
		return await(getAsync(topic));
	}

	@Override
	public Optional<JsonNode> getLatest(String topic) {
		return await(getLatestAsync(topic));
	}

	@Override
	public Optional<JsonNode> getWait(String topic, Duration wait) {
		return await(getWaitAsync(topic, wait));
	}

	@Override
	public void shutdownServer() {
		await(send(request("shutdown", ""), "shutdown", this.requestTimeout));
	}

	@Override
	public CompletableFuture<Void> putAsync(String topic, JsonNode message) {
		ObjectNode request = request("put", topic).set("message", message);
		return send(request, "put on topic '" + topic + "'", this.requestTimeout).thenApply((reply) -> null);
	}

	@Override
	public CompletableFuture<Optional<JsonNode>> getAsync(String topic) {
		return send(request("get", topic), "get on topic '" + topic + "'", this.requestTimeout)
			.thenApply((reply) -> Optional.ofNullable(reply.get("message")));
	}

	@Override
	public CompletableFuture<Optional<JsonNode>> getLatestAsync(String topic) {
		return send(request("get_latest", topic), "get_latest on topic '" + topic + "'", this.requestTimeout)
			.thenApply((reply) -> Optional.ofNullable(reply.get("message")));
	}

	@Override
	public CompletableFuture<Optional<JsonNode>> getWaitAsync(String topic, Duration wait) {
		if (wait.isNegative()) {
			throw new IllegalArgumentException("wait of " + wait.toMillis() + " ms must not be negative");
		}
		ObjectNode request = request("get", topic);
		if (wait.toMillis() % 1000 == 0) {
			request.put("wait", wait.toSeconds());
		}
		else {
			request.put("wait", wait.toMillis() / 1000.0);
		}
		return send(request, "get on topic '" + topic + "'", this.requestTimeout.plus(wait))
			.thenApply((reply) -> Optional.ofNullable(reply.get("message")));
	}

	@Override
	public void close() {
		this.connector.close();
	}

	/**
	 * Send a request with a fresh id and complete with its reply, or fail with a {@link DsmqException}.
	 */
	private CompletableFuture<JsonNode> send(ObjectNode request, String description, Duration timeout) {
		String action = request.get("action").stringValue();
		long id = this.ids.incrementAndGet();
		byte[] frame = frame(request.put("id", id));
		Connection current;
		try {
			current = this.connector.connection();
		}
		catch (DsmqException ex) {
			observe(action, Outcome.FAILED);
			return CompletableFuture.failedFuture(ex);
		}
		return current.send(id, frame)
			.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
			.handle((reply, failure) -> {
				if (failure instanceof TimeoutException) {
					current.forget(id);
					observe(action, Outcome.TIMED_OUT);
					throw new DsmqTimeoutException(description, getAddress(), timeout);
				}
				if (failure != null) {
					observe(action, Outcome.FAILED);
					throw (failure instanceof DsmqException dsmq) ? dsmq : new DsmqException(failure.getMessage(), failure);
				}
				if (reply.has("error")) {
					observe(action, Outcome.REFUSED);
					throw new DsmqRefusedException(description, getAddress(), Messages.text(reply.get("error")));
				}
				boolean empty = !reply.has("message") && !action.equals("put") && !action.equals("shutdown");
				observe(action, empty ? Outcome.EMPTY : Outcome.OK);
				return reply;
			});
	}

	private ObjectNode request(String action, String topic) {
		return json.createObjectNode().put("action", action).put("topic", topic);
	}

	private static byte[] frame(ObjectNode request) {
		return Frames.encode(json.writeValueAsBytes(request));
	}

	private void observe(String action, Outcome outcome) {
		try {
			this.observer.completed(action, outcome);
		}
		catch (RuntimeException ex) {
			// metrics must never fail a request
		}
	}

	private static <T> T await(CompletableFuture<T> future) {
		try {
			return future.get();
		}
		catch (ExecutionException ex) {
			Throwable cause = (ex.getCause() instanceof CompletionException) ? ex.getCause().getCause() : ex.getCause();
			throw (cause instanceof DsmqException dsmq) ? dsmq : new DsmqException(String.valueOf(cause), cause);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new DsmqException("interrupted while waiting for a reply", ex);
		}
	}

}
