package dev.dsmq.server.queue;

import java.util.HashSet;
import java.util.Set;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Gauges of what each topic holds, {@code dsmq.topic.messages} and {@code dsmq.topic.bytes} tagged by topic, for at
 * most {@code dsmq.metrics.max-topics} topics: every topic name is a new time series, and clients choose the names.
 * <p>
 * A topic gets its gauges when it first holds a message, and keeps them, at 0 once it is empty: the protocol never
 * deletes a topic, so a topic that empties is expected to fill again. Topics beyond the cap have no gauges of their
 * own; the totals count them.
 */
class TopicMeters implements MeterBinder {

	private static final Log logger = LogFactory.getLog(TopicMeters.class);

	private final Holdings holdings;

	private final int maxTopics;

	/** Guarded by this; changes only when a topic starts to hold messages, never per request. */
	private final Set<String> gauged = new HashSet<>();

	private boolean capReached;

	TopicMeters(QueueService queue, int maxTopics) {
		this.holdings = queue.holdings();
		this.maxTopics = maxTopics;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.maxTopics == 0) {
			return;
		}
		this.holdings.onTopicAdded((name) -> topicAdded(registry, name));
		// a store kept on disk holds topics from before the start
		this.holdings.topics().forEach((topic) -> topicAdded(registry, topic.name()));
	}

	private synchronized void topicAdded(MeterRegistry registry, String name) {
		if (this.gauged.contains(name)) {
			return;
		}
		if (this.gauged.size() >= this.maxTopics) {
			if (!this.capReached) {
				this.capReached = true;
				logger.info("Gauging only the first " + this.maxTopics
						+ " topics (dsmq.metrics.max-topics); topic '" + name + "' and later ones get none");
			}
			return;
		}
		this.gauged.add(name);
		Gauge.builder("dsmq.topic.messages", this.holdings, (holdings) -> holdings.messagesOf(name))
			.description("Messages held in one topic")
			.tag("topic", name)
			.register(registry);
		Gauge.builder("dsmq.topic.bytes", this.holdings, (holdings) -> holdings.bytesOf(name))
			.description("Bytes one topic and its messages cost, as counted against dsmq.max-held-bytes")
			.tag("topic", name)
			.baseUnit("bytes")
			.register(registry);
	}

}
