package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;

import dev.dsmq.server.Sha256;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Gauges of what each topic holds, {@code dsmq.topic.messages} and {@code dsmq.topic.bytes} tagged by topic, for at
 * most {@code dsmq.metrics.max-topics} topics: every topic name is a new time series, and clients choose the names.
 * <p>
 * Clients choose how long the names are too, up to a request body's size, and every scrape would carry each name
 * twice: a name of {@code dsmq.metrics.max-tag-length} characters or more is tagged with its first characters,
 * {@code ~} and 16 hex digits of its SHA-256, which keeps the tag that long and distinct topics apart. A shorter
 * name is its own tag, so it can never be mistaken for a long one's.
 * <p>
 * A topic gets its gauges when it first holds a message, and keeps them, at 0 once it is empty: the protocol never
 * deletes a topic, so a topic that empties is expected to fill again. Topics beyond the cap have no gauges of their
 * own; the totals count them.
 */
class TopicMeters implements MeterBinder {

	private static final Log logger = LogFactory.getLog(TopicMeters.class);

	/** What follows the start of a long name in its tag: {@code ~} and 16 hex digits. */
	private static final int HASH_SUFFIX_LENGTH = 17;

	private final Holdings holdings;

	private final int maxTopics;

	private final int maxTagLength;

	/** Guarded by this; changes only when a topic starts to hold messages, never per request. */
	private final Set<String> gauged = new HashSet<>();

	private boolean capReached;

	TopicMeters(QueueService queue, int maxTopics, int maxTagLength) {
		this.holdings = queue.holdings();
		this.maxTopics = maxTopics;
		this.maxTagLength = maxTagLength;
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
				// the tag, not the name, which may be megabytes long
				logger.info("Gauging only the first " + this.maxTopics
						+ " topics (dsmq.metrics.max-topics); topic '" + tag(name) + "' and later ones get none");
			}
			return;
		}
		this.gauged.add(name);
		String tag = tag(name);
		Gauge.builder("dsmq.topic.messages", this.holdings, (holdings) -> holdings.messagesOf(name))
			.description("Messages held in one topic")
			.tag("topic", tag)
			.register(registry);
		Gauge.builder("dsmq.topic.bytes", this.holdings, (holdings) -> holdings.bytesOf(name))
			.description("Bytes one topic and its messages cost, as counted against dsmq.max-held-bytes")
			.tag("topic", tag)
			.baseUnit("bytes")
			.register(registry);
	}

	/**
	 * Return the {@code topic} tag of a topic: the name itself if it is shorter than the limit, else its first
	 * characters, {@code ~} and the first 16 hex digits of the SHA-256 of the name's UTF-8, the limit in all.
	 * Characters are code points, so that a tag never ends in half of one.
	 */
	String tag(String name) {
		if (name.length() < this.maxTagLength || name.codePointCount(0, name.length()) < this.maxTagLength) {
			return name;
		}
		String start = name.substring(0, name.offsetByCodePoints(0, this.maxTagLength - HASH_SUFFIX_LENGTH));
		return start + "~" + HexFormat.of().formatHex(Sha256.of(name.getBytes(StandardCharsets.UTF_8)), 0, 8);
	}

}
