package dev.dsmq.server.queue;

import java.time.Clock;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Stores the messages of one put and accounts for them: all in one transaction, or, should that fail, one by one, so
 * that a message the store refuses takes none of the others with it. Numbers the messages it stores; called with the
 * queue's lock held.
 */
final class Appender {

	private static final Log logger = LogFactory.getLog(Appender.class);

	private final MessageStore store;

	private final RecentMessages recent;

	private final Holdings holdings;

	private final Groups groups;

	private final Eviction eviction;

	private final TopicRates rates;

	private final Clock clock;

	private long lastSequence;

	/**
	 * Append after the given sequence number, that of the newest message held.
	 */
	Appender(MessageStore store, RecentMessages recent, Holdings holdings, Groups groups, Eviction eviction,
			TopicRates rates, Clock clock, long lastSequence) {
		this.store = store;
		this.recent = recent;
		this.holdings = holdings;
		this.groups = groups;
		this.eviction = eviction;
		this.rates = rates;
		this.clock = clock;
		this.lastSequence = lastSequence;
	}

	/**
	 * Return the sequence number of the newest message stored.
	 */
	long lastSequence() {
		return this.lastSequence;
	}

	/**
	 * Store messages in the order given, then drop what the limits no longer allow.
	 */
	PutOutcome append(List<NewMessage> messages) {
		PutOutcome outcome = new PutOutcome(messages.size());
		Set<Topic> touched = Collections.newSetFromMap(new IdentityHashMap<>());
		long createdAt = this.clock.millis();
		long first = this.lastSequence + 1;
		MessageStore.Inserted inserted;
		try {
			inserted = this.store.insert(messages, first, createdAt);
		}
		catch (RuntimeException ex) {
			if (messages.size() == 1) {
				outcome.refused(0, ex);
				return outcome;
			}
			// one message may be what the store refuses: the others get in one at a time, in order
			appendOneByOne(messages, createdAt, outcome, touched);
			enforceLimits(touched);
			return outcome;
		}
		hold(messages, inserted, first, createdAt, touched);
		for (int i = 0; i < messages.size(); i++) {
			outcome.stored(i, first + i);
		}
		enforceLimits(touched);
		return outcome;
	}

	private void appendOneByOne(List<NewMessage> messages, long createdAt, PutOutcome outcome, Set<Topic> touched) {
		for (int i = 0; i < messages.size(); i++) {
			List<NewMessage> one = List.of(messages.get(i));
			long sequence = this.lastSequence + 1;
			MessageStore.Inserted inserted;
			try {
				inserted = this.store.insert(one, sequence, createdAt);
			}
			catch (RuntimeException ex) {
				outcome.refused(i, ex);
				continue;
			}
			hold(one, inserted, sequence, createdAt, touched);
			outcome.stored(i, sequence);
		}
	}

	/**
	 * Account for messages just committed, numbered from the given sequence number on.
	 */
	private void hold(List<NewMessage> messages, MessageStore.Inserted inserted, long first, long createdAt,
			Set<Topic> touched) {
		this.lastSequence = first + messages.size() - 1;
		inserted.created().forEach(this.holdings::add);
		Topic[] topicOf = inserted.topicOf();
		int interval = this.rates.interval();
		// a run of messages to one topic is counted in at once: the holdings sort a topic anew each time
		for (int i = 0, end; i < topicOf.length; i = end) {
			Topic topic = topicOf[i];
			long bytes = 0;
			for (end = i; end < topicOf.length && topicOf[end] == topic; end++) {
				NewMessage message = messages.get(end);
				long size = message.length();
				bytes += size;
				topic.noteBody(size);
				long delay = message.delay().toMillis();
				this.recent.add(topic, first + end, createdAt, (delay > 0) ? createdAt + delay : 0, message.body(),
						message.headers());
			}
			this.holdings.hold(topic, end - i, bytes);
			this.groups.put(topic.name(), end - i);
			topic.setNewest(first + end - 1, createdAt);
			topic.counts(interval).put(interval, end - i);
			touched.add(topic);
		}
	}

	/**
	 * Drop what the limits no longer allow, never the newest message. Should dropping fail, the messages stay stored
	 * all the same, and the next put tries again.
	 */
	private void enforceLimits(Set<Topic> touched) {
		if (touched.isEmpty()) {
			return;
		}
		long keep = this.lastSequence;
		try {
			this.eviction.enforce(touched, keep, (topic, maxMessages, minBytes) -> {
				Release release = this.store.dropOldest(topic, maxMessages, minBytes, keep);
				this.recent.removeThrough(topic, release.through());
				return release;
			});
		}
		catch (RuntimeException ex) {
			logger.error("Could not drop messages to keep within the limits; the next put tries again", ex);
		}
	}

}
