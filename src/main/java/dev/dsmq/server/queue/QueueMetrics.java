package dev.dsmq.server.queue;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * What the store holds and what left it, as meters: messages and bytes held, and messages dropped by a limit or
 * expired.
 */
class QueueMetrics implements MeterBinder {

	private final Holdings holdings;

	QueueMetrics(QueueService queue) {
		this.holdings = queue.holdings();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Gauge.builder("dsmq.messages.held", this.holdings, Holdings::heldMessages)
			.description("Messages held in all topics")
			.register(registry);
		Gauge.builder("dsmq.bytes.held", this.holdings, Holdings::heldBytes)
			.description("Bytes the topics held and their messages cost, as counted against dsmq.max-held-bytes")
			.baseUnit("bytes")
			.register(registry);
		FunctionCounter.builder("dsmq.messages.dropped", this.holdings, Holdings::droppedForTopicLimit)
			.description("Messages dropped to keep within a limit, oldest first")
			.tag("reason", "topic-limit")
			.register(registry);
		FunctionCounter.builder("dsmq.messages.dropped", this.holdings, Holdings::droppedForByteLimit)
			.description("Messages dropped to keep within a limit, oldest first")
			.tag("reason", "byte-limit")
			.register(registry);
		FunctionCounter.builder("dsmq.messages.expired", this.holdings, Holdings::expired)
			.description("Messages deleted after their time to live")
			.register(registry);
	}

}
