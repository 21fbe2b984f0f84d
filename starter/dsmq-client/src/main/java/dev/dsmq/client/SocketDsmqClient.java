package dev.dsmq.client;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
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
	public long put(String topic, JsonNode message, PutOptions options) {
		return await(putAsync(topic, message, options));
	}

	@Override
	public void putUnacknowledged(String topic, JsonNode message) {
		byte[] frame = frame(request(Action.PUT, topic).set("message", message));
		try {
			this.connector.connection().sendWithoutReply(frame);
			observe(Action.PUT, Outcome.SENT);
		}
		catch (DsmqConnectionException ex) {
			observe(Action.PUT, Outcome.FAILED);
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
	public Optional<ReceivedMessage> receive(String topic, ReadOptions options) {
		return await(receiveAsync(topic, options));
	}

	@Override
	public Optional<ReceivedMessage> claim(String topic, String group, ClaimOptions options) {
		return await(claimAsync(topic, group, options));
	}

	@Override
	public void delete(String topic, String group, long seq) {
		await(deleteAsync(topic, group, seq));
	}

	@Override
	public Optional<ReceivedMessage> pop(String topic, String group, Duration wait) {
		return await(popAsync(topic, group, wait));
	}

	@Override
	public Optional<ReceivedMessage> peek(String topic, String group) {
		return await(peekAsync(topic, group));
	}

	@Override
	public void release(String topic, String group, long seq, Duration delay) {
		await(releaseAsync(topic, group, seq, delay));
	}

	@Override
	public void shutdownServer() {
		await(send(request(Action.SHUTDOWN, ""), "shutdown", this.requestTimeout));
	}

	@Override
	public CompletableFuture<Long> putAsync(String topic, JsonNode message, PutOptions options) {
		ObjectNode request = request(Action.PUT, topic).set("message", message);
		if (!options.delay().isZero()) {
			request.set("delay", seconds(options.delay()));
		}
		if (!options.headers().isEmpty()) {
			ObjectNode headers = request.putObject("headers");
			options.headers().forEach(headers::put);
		}
		return send(request, "put on topic '" + topic + "'", this.requestTimeout)
			.thenApply((reply) -> sequence(reply, "put on topic '" + topic + "'"));
	}

	@Override
	public CompletableFuture<Optional<JsonNode>> getAsync(String topic) {
		return send(request(Action.GET, topic), "get on topic '" + topic + "'", this.requestTimeout)
			.thenApply(SocketDsmqClient::message);
	}

	@Override
	public CompletableFuture<Optional<JsonNode>> getLatestAsync(String topic) {
		return send(request(Action.GET_LATEST, topic), "get_latest on topic '" + topic + "'", this.requestTimeout)
			.thenApply(SocketDsmqClient::message);
	}

	@Override
	public CompletableFuture<Optional<JsonNode>> getWaitAsync(String topic, Duration wait) {
		ObjectNode request = waiting(request(Action.GET, topic), wait);
		return send(request, "get on topic '" + topic + "'", this.requestTimeout.plus(wait))
			.thenApply(SocketDsmqClient::message);
	}

	@Override
	public CompletableFuture<Optional<ReceivedMessage>> receiveAsync(String topic, ReadOptions options) {
		Action action = options.latest() ? Action.GET_LATEST : Action.GET;
		ObjectNode request = waiting(request(action, topic), options.maxWait()).put("meta", true);
		if (options.hasAfter()) {
			request.put("after", options.after());
		}
		String description = action.wireName() + " on topic '" + topic + "'";
		return send(request, description, this.requestTimeout.plus(options.maxWait()))
			.thenApply((reply) -> received(reply, description));
	}

	@Override
	public CompletableFuture<Optional<ReceivedMessage>> claimAsync(String topic, String group, ClaimOptions options) {
		ObjectNode request = waiting(groupRequest(Action.GET, topic, group), options.maxWait());
		if (options.visibility() != null) {
			request.set("visibility", seconds(options.visibility()));
		}
		String description = "claim on topic '" + topic + "' for group '" + group + "'";
		return send(request, description, this.requestTimeout.plus(options.maxWait()))
			.thenApply((reply) -> received(reply, description));
	}

	@Override
	public CompletableFuture<Void> deleteAsync(String topic, String group, long seq) {
		ObjectNode request = groupRequest(Action.DELETE, topic, group).put("seq", seq);
		return send(request, "delete of " + seq + " on topic '" + topic + "' for group '" + group + "'",
				this.requestTimeout)
			.thenApply((reply) -> null);
	}

	@Override
	public CompletableFuture<Optional<ReceivedMessage>> popAsync(String topic, String group, Duration wait) {
		ObjectNode request = waiting(groupRequest(Action.POP, topic, group), wait);
		String description = "pop on topic '" + topic + "' for group '" + group + "'";
		return send(request, description, this.requestTimeout.plus(wait))
			.thenApply((reply) -> received(reply, description));
	}

	@Override
	public CompletableFuture<Optional<ReceivedMessage>> peekAsync(String topic, String group) {
		String description = "peek on topic '" + topic + "' for group '" + group + "'";
		return send(groupRequest(Action.PEEK, topic, group), description, this.requestTimeout)
			.thenApply((reply) -> received(reply, description));
	}

	@Override
	public CompletableFuture<Void> releaseAsync(String topic, String group, long seq, Duration delay) {
		if (delay.isNegative()) {
			throw new IllegalArgumentException("delay of " + delay.toMillis() + " ms must not be negative");
		}
		ObjectNode request = groupRequest(Action.RELEASE, topic, group).put("seq", seq);
		if (!delay.isZero()) {
			request.set("delay", seconds(delay));
		}
		return send(request, "release of " + seq + " on topic '" + topic + "' for group '" + group + "'",
				this.requestTimeout)
			.thenApply((reply) -> null);
	}

	@Override
	public void close() {
		this.connector.close();
	}

	/**
	 * Send a request with a fresh id and complete with its reply, or fail with a {@link DsmqException}.
	 */
	private CompletableFuture<JsonNode> send(ObjectNode request, String description, Duration timeout) {
		Action action = Action.valueOf(request.get("action").stringValue().toUpperCase(Locale.ROOT));
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
				boolean empty = action.readsMessage() && !reply.has("message");
				observe(action, empty ? Outcome.EMPTY : Outcome.OK);
				return reply;
			});
	}

	private ObjectNode request(Action action, String topic) {
		return json.createObjectNode().put("action", action.wireName()).put("topic", topic);
	}

	private ObjectNode groupRequest(Action action, String topic, String group) {
		if (group.isEmpty()) {
			throw new IllegalArgumentException("group must not be empty");
		}
		return request(action, topic).put("group", group);
	}

	/**
	 * Ask the server to hold the reply for up to the given time while nothing is eligible.
	 */
	private static ObjectNode waiting(ObjectNode request, Duration wait) {
		if (wait.isNegative()) {
			throw new IllegalArgumentException("wait of " + wait.toMillis() + " ms must not be negative");
		}
		if (!wait.isZero()) {
			request.set("wait", seconds(wait));
		}
		return request;
	}

	/**
	 * Return a duration as the wire has it: seconds, whole where it is whole.
	 */
	private static JsonNode seconds(Duration duration) {
		if (duration.toMillis() % 1000 == 0) {
			return json.getNodeFactory().numberNode(duration.toSeconds());
		}
		return json.getNodeFactory().numberNode(duration.toMillis() / 1000.0);
	}

	private static Optional<JsonNode> message(JsonNode reply) {
		return Optional.ofNullable(reply.get("message"));
	}

	private Optional<ReceivedMessage> received(JsonNode reply, String description) {
		JsonNode message = reply.get("message");
		if (message == null) {
			return Optional.empty();
		}
		JsonNode seq = reply.get("seq");
		JsonNode sent = reply.get("sent");
		if (seq == null || !seq.canConvertToLong() || sent == null || !sent.isNumber()) {
			// a plain {"message": ""} is how a server without the metadata says that nothing was eligible
			if (message.isString() && message.stringValue().isEmpty() && seq == null) {
				return Optional.empty();
			}
			throw new DsmqProtocolException("the reply to the " + description + " from " + getAddress()
					+ " has no sequence number and time: the server does not support message metadata");
		}
		Map<String, String> headers = new LinkedHashMap<>();
		JsonNode given = reply.get("headers");
		if (given != null) {
			given.properties().forEach((header) -> headers.put(header.getKey(), Messages.text(header.getValue())));
		}
		JsonNode count = reply.get("retrieval_count");
		JsonNode first = reply.get("first_retrieved");
		return Optional.of(new ReceivedMessage(message, seq.longValue(), instant(sent), headers,
				(count != null) ? count.intValue() : 0, (first != null && first.isNumber()) ? instant(first) : null));
	}

	private long sequence(JsonNode reply, String description) {
		JsonNode seq = reply.get("seq");
		if (seq == null || !seq.canConvertToLong()) {
			throw new DsmqProtocolException("the acknowledgement of the " + description + " from " + getAddress()
					+ " has no sequence number");
		}
		return seq.longValue();
	}

	/**
	 * Return epoch seconds with a fraction, as the wire has them, as an instant, to the microsecond.
	 */
	private static Instant instant(JsonNode seconds) {
		BigDecimal micros = seconds.decimalValue().movePointRight(6).setScale(0, RoundingMode.HALF_EVEN);
		return Instant.EPOCH.plus(micros.longValueExact(), ChronoUnit.MICROS);
	}

	private static byte[] frame(ObjectNode request) {
		return Frames.encode(json.writeValueAsBytes(request));
	}

	private void observe(Action action, Outcome outcome) {
		try {
			this.observer.completed(action.wireName(), outcome);
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
