package dev.dsmq.client.autoconfigure;

import dev.dsmq.client.RequestObserver;
import dev.dsmq.client.RequestObserver.Outcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts requests and listener calls in Micrometer: {@code dsmq.client.puts}, {@code dsmq.client.gets} and
 * {@code dsmq.client.listener.invocations}, each tagged with its outcome.
 */
final class MicrometerObservers implements RequestObserver, ListenerObserver {

	private final MeterRegistry registry;

	MicrometerObservers(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void completed(String action, Outcome outcome) {
		switch (action) {
			case "put" -> count("dsmq.client.puts", "Puts sent to the dsmq server", "outcome", outcome.tag());
			case "get", "get_latest" -> Counter.builder("dsmq.client.gets")
				.description("Gets sent to the dsmq server")
				.tag("action", action)
				.tag("outcome", outcome.tag())
				.register(this.registry)
				.increment();
			default -> {
			}
		}
	}

	@Override
	public void invoked(String topic, boolean succeeded) {
		Counter.builder("dsmq.client.listener.invocations")
			.description("Calls of @DsmqListener methods")
			.tag("topic", topic)
			.tag("outcome", succeeded ? "success" : "failure")
			.register(this.registry)
			.increment();
	}

	private void count(String name, String description, String tag, String value) {
		Counter.builder(name).description(description).tag(tag, value).register(this.registry).increment();
	}

}
