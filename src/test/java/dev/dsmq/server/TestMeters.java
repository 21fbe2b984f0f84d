package dev.dsmq.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Meter values as tests read them: summed over the tags a test does not name, such as the generation.
 */
public final class TestMeters {

	private TestMeters() {
	}

	/**
	 * Return how many requests were refused for a reason, over every generation.
	 */
	public static double rejected(MeterRegistry registry, String reason) {
		return registry.get("dsmq.requests.rejected")
			.tag("reason", reason)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	/**
	 * Return how many protocol connections are open, over every generation.
	 */
	public static double openConnections(MeterRegistry registry) {
		return registry.get("dsmq.connections.open").gauges().stream().mapToDouble(Gauge::value).sum();
	}

}
