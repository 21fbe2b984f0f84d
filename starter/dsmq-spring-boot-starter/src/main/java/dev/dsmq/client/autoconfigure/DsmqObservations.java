package dev.dsmq.client.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.dsmq.client.ReceivedMessage;
import io.micrometer.common.KeyValues;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import io.micrometer.observation.transport.SenderContext;

/**
 * Micrometer observations of the template's puts and gets and of each listener call: timers, and, with tracing, spans
 * whose context travels in the message's headers ({@code traceparent} with W3C propagation), so that a trace goes on
 * from the application that put a message into the listener that processes it. Their low-cardinality keys are the
 * OpenTelemetry messaging ones: {@code messaging.system} ({@code dsmq}), {@code messaging.operation.type},
 * {@code messaging.destination.name} (the topic) and, for a group's listener, {@code messaging.consumer.group.name}.
 */
final class DsmqObservations {

	/** The observation of a put, and its timer's name. */
	static final String PUT = "dsmq.put";

	/** The observation of a get. */
	static final String GET = "dsmq.get";

	/** The observation of a listener method's call. */
	static final String LISTENER = "dsmq.listener";

	static final DsmqObservations NONE = new DsmqObservations(ObservationRegistry.NOOP);

	private final ObservationRegistry registry;

	DsmqObservations(ObservationRegistry registry) {
		this.registry = registry;
	}

	/**
	 * Observe a put: the put is given the headers the tracing propagates, empty without tracing.
	 */
	long put(String topic, Function<Map<String, String>, Long> put) {
		if (this.registry.isNoop()) {
			return put.apply(Map.of());
		}
		Sender context = new Sender();
		return observation(PUT, topic, "send", context).observe(() -> put.apply(context.getCarrier()));
	}

	/**
	 * Observe a put whose acknowledgement comes later: the observation stops as the future completes.
	 */
	CompletableFuture<Long> putAsync(String topic, Function<Map<String, String>, CompletableFuture<Long>> put) {
		if (this.registry.isNoop()) {
			return put.apply(Map.of());
		}
		Sender context = new Sender();
		Observation observation = observation(PUT, topic, "send", context).start();
		CompletableFuture<Long> acknowledged;
		try (Observation.Scope scope = observation.openScope()) {
			acknowledged = put.apply(context.getCarrier());
		}
		catch (RuntimeException ex) {
			observation.error(ex);
			observation.stop();
			throw ex;
		}
		return acknowledged.whenComplete((seq, failure) -> {
			if (failure != null) {
				observation.error(failure);
			}
			observation.stop();
		});
	}

	<T> T get(String topic, Supplier<T> get) {
		return observation(GET, topic, "receive", new Observation.Context()).observe(get);
	}

	/**
	 * Observe a listener's call with a message, as a child of the trace the message's headers carry.
	 */
	void listener(String topic, String group, ReceivedMessage message, Observation.CheckedRunnable<Exception> call)
			throws Exception {
		Observation observation = observation(LISTENER, topic, "process", new Receiver(message));
		if (!group.isEmpty()) {
			observation.lowCardinalityKeyValue("messaging.consumer.group.name", group);
		}
		observation.observeChecked(call);
	}

	/**
	 * Return the observation; without a registry that observes anything, the puts above skip making one, and the
	 * carrier map of their headers with it.
	 */
	private Observation observation(String name, String topic, String operation, Observation.Context context) {
		return Observation.createNotStarted(name, () -> context, this.registry)
			.contextualName(topic + " " + operation)
			.lowCardinalityKeyValues(KeyValues.of("messaging.system", "dsmq", "messaging.operation.type", operation,
					"messaging.destination.name", topic));
	}

	/**
	 * A put's context: the tracing writes into the headers it carries.
	 */
	private static final class Sender extends SenderContext<Map<String, String>> {

		Sender() {
			super((headers, name, value) -> headers.put(name, value));
			setCarrier(new LinkedHashMap<>());
			setRemoteServiceName("dsmq");
		}

	}

	/**
	 * A listener call's context: the tracing reads from the message's headers.
	 */
	private static final class Receiver extends ReceiverContext<ReceivedMessage> {

		Receiver(ReceivedMessage message) {
			super((carrier, name) -> carrier.headers().get(name));
			setCarrier(message);
			setRemoteServiceName("dsmq");
		}

	}

}
