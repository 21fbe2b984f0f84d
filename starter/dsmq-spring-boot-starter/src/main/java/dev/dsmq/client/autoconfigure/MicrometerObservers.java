package dev.dsmq.client.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import dev.dsmq.client.RequestObserver;
import dev.dsmq.client.RequestObserver.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts requests and listener calls in Micrometer: {@code dsmq.client.puts}, {@code dsmq.client.gets} and
 * {@code dsmq.client.listener.invocations}, each tagged with its outcome.
 * <p>
 * Each counter is registered the first time its tags occur and kept: a request then costs a map lookup and an
 * increment, not a builder, a tag list and the registry's own lookup under its lock.
 */
final class MicrometerObservers implements RequestObserver, ListenerObserver {

	private final MeterRegistry registry;

	/** The counters registered so far, by their name and tag values. */
	private final Map<List<String>, Counter> counters = new ConcurrentHashMap<>();

	MicrometerObservers(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void completed(String action, Outcome outcome) {
		switch (action) {
			case "put" -> counter(List.of("dsmq.client.puts", outcome.tag()),
					() -> Counter.builder("dsmq.client.puts")
						.description("Puts sent to the dsmq server")
						.tag("outcome", outcome.tag()))
				.increment();
			case "get", "get_latest" -> counter(List.of("dsmq.client.gets", action, outcome.tag()),
					() -> Counter.builder("dsmq.client.gets")
						.description("Gets sent to the dsmq server")
						.tag("action", action)
						.tag("outcome", outcome.tag()))
				.increment();
			default -> {
			}
		}
	}

	@Override
	public void invoked(String topic, boolean succeeded) {
		String outcome = succeeded ? "success" : "failure";
		counter(List.of("dsmq.client.listener.invocations", topic, outcome),
				() -> Counter.builder("dsmq.client.listener.invocations")
					.description("Calls of @DsmqListener methods")
					.tag("topic", topic)
					.tag("outcome", outcome))
			.increment();
	}

	private Counter counter(List<String> key, Supplier<Counter.Builder> builder) {
		return this.counters.computeIfAbsent(key, (k) -> builder.get().register(this.registry));
	}

}
