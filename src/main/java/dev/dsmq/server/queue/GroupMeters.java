package dev.dsmq.server.queue;

import java.util.HashMap;
import java.util.Map;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Meters of each work-queue group, tagged by topic and group, for at most {@code dsmq.metrics.max-groups} groups:
 * {@code dsmq.group.messages.available} and {@code dsmq.group.messages.claimed} (gauges), and
 * {@code dsmq.group.messages.redelivered}, {@code dsmq.group.messages.dead-lettered} and
 * {@code dsmq.group.messages.lost} (counters). The tags are cut short as {@link TopicMeters} cuts topic names.
 * <p>
 * A group gets its meters when it is first used, and keeps them once it is forgotten, the gauges at 0: a group of
 * that name used again counts on in the same meters, so that the counters never go back.
 */
class GroupMeters implements MeterBinder {

	private static final Log logger = LogFactory.getLog(GroupMeters.class);

	private final QueueService queue;

	private final Groups groups;

	private final int maxGroups;

	private final TopicMeters tags;

	/** The tallies of the groups that have meters, which they keep; guarded by this. */
	private final Map<Key, GroupTally> tallies = new HashMap<>();

	private boolean capReached;

	GroupMeters(QueueService queue, int maxGroups, TopicMeters tags) {
		this.queue = queue;
		this.groups = queue.groups();
		this.maxGroups = maxGroups;
		this.tags = tags;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		if (this.maxGroups == 0) {
			return;
		}
		this.groups.onTally(this::tallyFor);
		this.groups.onGroupAdded((group) -> groupAdded(registry, group));
		// a store kept on disk holds groups from before the start
		this.groups.all().forEach((group) -> groupAdded(registry, group));
	}

	private synchronized GroupTally tallyFor(String topic, String name) {
		GroupTally tally = this.tallies.get(new Key(topic, name));
		return (tally != null) ? tally : new GroupTally();
	}

	private synchronized void groupAdded(MeterRegistry registry, Group group) {
		Key key = new Key(group.topic(), group.name());
		if (this.tallies.containsKey(key)) {
			return;
		}
		if (this.tallies.size() >= this.maxGroups) {
			if (!this.capReached) {
				this.capReached = true;
				logger.info("Metering only the first " + this.maxGroups + " groups (dsmq.metrics.max-groups); group '"
						+ this.tags.tag(group.name()) + "' of topic '" + this.tags.tag(group.topic())
						+ "' and later ones get none");
			}
			return;
		}
		GroupTally tally = group.tally();
		this.tallies.put(key, tally);
		String topicTag = this.tags.tag(group.topic());
		String groupTag = this.tags.tag(group.name());
		String topic = group.topic();
		String name = group.name();
		Gauge.builder("dsmq.group.messages.available", this.queue,
				(queue) -> queue.group(topic, name).map(GroupDepth::available).orElse(0L))
			.description("Messages a get of the work-queue group could claim now")
			.tags("topic", topicTag, "group", groupTag)
			.register(registry);
		Gauge.builder("dsmq.group.messages.claimed", this.queue,
				(queue) -> queue.group(topic, name).map(GroupDepth::claimed).orElse(0L))
			.description("Messages claimed by members of the work-queue group and neither deleted nor run out")
			.tags("topic", topicTag, "group", groupTag)
			.register(registry);
		FunctionCounter.builder("dsmq.group.messages.redelivered", tally, GroupTally::redeliveredCount)
			.description("Claims of messages the work-queue group had claimed before")
			.tags("topic", topicTag, "group", groupTag)
			.register(registry);
		FunctionCounter.builder("dsmq.group.messages.dead-lettered", tally, GroupTally::deadLetteredCount)
			.description("Messages of the work-queue group put to the dead-letter topic after "
					+ "dsmq.groups.max-retrievals claims")
			.tags("topic", topicTag, "group", groupTag)
			.register(registry);
		FunctionCounter.builder("dsmq.group.messages.lost", tally, GroupTally::expiredCount)
			.description("Messages that left the store before the work-queue group deleted them")
			.tags("topic", topicTag, "group", groupTag, "reason", "expired")
			.register(registry);
		FunctionCounter.builder("dsmq.group.messages.lost", tally, GroupTally::droppedForTopicLimitCount)
			.description("Messages that left the store before the work-queue group deleted them")
			.tags("topic", topicTag, "group", groupTag, "reason", "topic-limit")
			.register(registry);
		FunctionCounter.builder("dsmq.group.messages.lost", tally, GroupTally::droppedForByteLimitCount)
			.description("Messages that left the store before the work-queue group deleted them")
			.tags("topic", topicTag, "group", groupTag, "reason", "byte-limit")
			.register(registry);
	}

	/**
	 * A group by its topic and name.
	 */
	private record Key(String topic, String name) {
	}

}
