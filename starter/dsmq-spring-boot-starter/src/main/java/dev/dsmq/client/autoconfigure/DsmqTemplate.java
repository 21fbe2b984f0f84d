package dev.dsmq.client.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import dev.dsmq.client.DsmqClient;
import dev.dsmq.client.DsmqException;
import dev.dsmq.client.PutOptions;
import dev.dsmq.client.ReadOptions;
import dev.dsmq.client.ReceivedMessage;
import io.micrometer.observation.ObservationRegistry;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

import org.springframework.core.ParameterizedTypeReference;

/**
 * Puts and gets application objects, converted to and from JSON messages with the application's Jackson mapper.
 * A message that cannot be converted to the requested type fails the get with a {@link DsmqException}; it has been
 * read all the same.
 * <p>
 * The template keeps where it has read up to in each topic, the sequence number of the last message it read there,
 * so that its reads go on from there whichever connection makes them: gets are made on the client, waits on a
 * connection of their own, opened on the first {@code getWait}, so that a wait holds up nothing else. A topic's
 * first read starts where the connection that makes it started (messages put after it connected); reads of one
 * topic take turns, so that two threads never take the same message. Thread-safe.
 */
public class DsmqTemplate implements DsmqOperations, AutoCloseable {

	private final DsmqClient client;

	private final ObjectMapper mapper;

	private final Supplier<DsmqClient> waitingClients;

	private final String defaultTopic;

	private final DsmqObservations observations;

	private final Map<String, Position> positions = new ConcurrentHashMap<>();

	private final Object waitingLock = new Object();

	private volatile DsmqClient waitingClient;

	private volatile boolean closed;

	/**
	 * A template whose waits connect with a client like the given one, to the same address.
	 */
	public DsmqTemplate(DsmqClient client, ObjectMapper mapper) {
		this(client, mapper, null, null);
	}

	/**
	 * A template whose waits run on clients the given supplier makes, and whose methods without a topic use the
	 * default topic.
	 * @param waitingClients makes the client of the waits; null for one with the defaults, to the client's address
	 * @param defaultTopic the topic of the methods without one; null for none
	 */
	public DsmqTemplate(DsmqClient client, ObjectMapper mapper, Supplier<DsmqClient> waitingClients,
			String defaultTopic) {
		this(client, mapper, waitingClients, defaultTopic, ObservationRegistry.NOOP);
	}

	/**
	 * A template whose puts, gets and waits are observed in the given registry: timed, and, with tracing, each put
	 * carrying its trace in the message's headers.
	 */
	public DsmqTemplate(DsmqClient client, ObjectMapper mapper, Supplier<DsmqClient> waitingClients,
			String defaultTopic, ObservationRegistry observationRegistry) {
		this.client = client;
		this.mapper = mapper;
		this.waitingClients = (waitingClients != null) ? waitingClients : () -> sameAddress(client);
		this.defaultTopic = defaultTopic;
		this.observations = new DsmqObservations(observationRegistry);
	}

	@Override
	public long put(String topic, Object payload) {
		JsonNode message = toJson(payload);
		return this.observations.put(topic, (headers) -> this.client.put(topic, message, options(headers)));
	}

	@Override
	public long put(Object payload) {
		return put(defaultTopic(), payload);
	}

	@Override
	public CompletableFuture<Long> putAsync(String topic, Object payload) {
		JsonNode message = toJson(payload);
		return this.observations.putAsync(topic, (headers) -> this.client.putAsync(topic, message, options(headers)));
	}

	@Override
	public CompletableFuture<Long> putAsync(Object payload) {
		return putAsync(defaultTopic(), payload);
	}

	@Override
	public List<Long> putAll(String topic, List<?> payloads) {
		List<JsonNode> messages = payloads.stream().map(this::toJson).toList();
		List<CompletableFuture<Long>> acks = new ArrayList<>(messages.size());
		for (JsonNode message : messages) {
			acks.add(this.observations.putAsync(topic,
					(headers) -> this.client.putAsync(topic, message, options(headers))));
		}
		List<Long> sequences = new ArrayList<>(acks.size());
		DsmqException failure = null;
		for (CompletableFuture<Long> ack : acks) {
			try {
				sequences.add(ack.join());
			}
			catch (CompletionException ex) {
				DsmqException cause = (ex.getCause() instanceof DsmqException dsmq) ? dsmq
						: new DsmqException("put to topic '" + topic + "' failed: " + ex.getCause(), ex.getCause());
				if (failure == null) {
					failure = cause;
				}
				else {
					failure.addSuppressed(cause);
				}
			}
		}
		if (failure != null) {
			throw failure;
		}
		return sequences;
	}

	@Override
	public <T> Optional<T> get(String topic, Class<T> type) {
		return read(this.client, topic, ReadOptions.oldest(), this.mapper.constructType(type));
	}

	@Override
	public <T> Optional<T> get(String topic, ParameterizedTypeReference<T> type) {
		return read(this.client, topic, ReadOptions.oldest(), this.mapper.constructType(type.getType()));
	}

	@Override
	public <T> Optional<T> get(Class<T> type) {
		return get(defaultTopic(), type);
	}

	@Override
	public <T> Optional<T> getLatest(String topic, Class<T> type) {
		return read(this.client, topic, ReadOptions.newest(), this.mapper.constructType(type));
	}

	@Override
	public <T> Optional<T> getWait(String topic, Duration wait, Class<T> type) {
		return read(waitingClient(), topic, ReadOptions.oldest().waiting(wait), this.mapper.constructType(type));
	}

	@Override
	public <T> Optional<T> getWait(String topic, Duration wait, ParameterizedTypeReference<T> type) {
		return read(waitingClient(), topic, ReadOptions.oldest().waiting(wait),
				this.mapper.constructType(type.getType()));
	}

	@Override
	public DsmqClient getClient() {
		return this.client;
	}

	/**
	 * Close the connection of the waits, if one was opened; the client is the application's and stays open.
	 */
	@Override
	public void close() {
		synchronized (this.waitingLock) {
			this.closed = true;
			if (this.waitingClient != null) {
				this.waitingClient.close();
				this.waitingClient = null;
			}
		}
	}

	private <T> Optional<T> read(DsmqClient reader, String topic, ReadOptions options, JavaType type) {
		Position position = this.positions.computeIfAbsent(topic, (name) -> new Position());
		Optional<ReceivedMessage> received;
		position.lock.lock();
		try {
			long after = position.seq;
			received = this.observations.get(topic,
					() -> reader.receive(topic, (after >= 0) ? options.after(after) : options));
			received.ifPresent((message) -> position.seq = Math.max(position.seq, message.seq()));
		}
		finally {
			position.lock.unlock();
		}
		return received.map((message) -> Payloads.convert(this.mapper, message.message(), type, topic));
	}

	private DsmqClient waitingClient() {
		DsmqClient waiting = this.waitingClient;
		if (waiting != null) {
			return waiting;
		}
		synchronized (this.waitingLock) {
			if (this.closed) {
				throw new IllegalStateException("the template is closed");
			}
			if (this.waitingClient == null) {
				this.waitingClient = this.waitingClients.get();
			}
			return this.waitingClient;
		}
	}

	private String defaultTopic() {
		if (this.defaultTopic == null) {
			throw new IllegalStateException("no default topic: set dsmq.client.template.default-topic, or name the "
					+ "topic");
		}
		return this.defaultTopic;
	}

	/**
	 * Return the options of a put with the headers the tracing propagates, if it does.
	 */
	private static PutOptions options(Map<String, String> headers) {
		return headers.isEmpty() ? PutOptions.none() : PutOptions.none().withHeaders(headers);
	}

	private JsonNode toJson(Object payload) {
		return this.mapper.valueToTree(payload);
	}

	private static DsmqClient sameAddress(DsmqClient client) {
		String address = client.getAddress();
		int colon = address.lastIndexOf(':');
		return DsmqClient.builder()
			.host(address.substring(0, colon))
			.port(Integer.parseInt(address.substring(colon + 1)))
			.build();
	}

	/**
	 * Where the template has read up to in a topic: the last sequence number it read there, -1 before its first
	 * read; guarded by the lock, which the topic's reads take in turn.
	 */
	private static final class Position {

		private final ReentrantLock lock = new ReentrantLock();

		private long seq = -1;

	}

}
