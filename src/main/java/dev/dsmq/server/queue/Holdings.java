package dev.dsmq.server.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the store holds, in memory: every topic that holds messages, what each holds and the totals, and the limits on
 * them. It is changed only with the queue's lock held and only after the store has committed the change, so that it
 * never counts what a failed transaction did not do; any thread may read it.
 */
final class Holdings {

	private static final Log logger = LogFactory.getLog(Holdings.class);

	private final HeldLimits limits;

	/** Every topic that holds messages, by name: a get looks its topic up here without the lock. */
	private final Map<String, Topic> byName = new ConcurrentHashMap<>();

	/** The same topics by id, which the store's rows refer to. */
	private final Map<Long, Topic> byId = new ConcurrentSkipListMap<>();

	private volatile long messages;

	private volatile long bytes;

	private final AtomicLong droppedForTopicLimit = new AtomicLong();

	private final AtomicLong droppedForByteLimit = new AtomicLong();

	private final AtomicLong expired = new AtomicLong();

	private volatile Consumer<String> topicAdded = (name) -> {
	};

	Holdings(HeldLimits limits) {
		this.limits = limits;
	}

	HeldLimits limits() {
		return this.limits;
	}

	/**
	 * Return the topic of that name if it holds messages.
	 */
	@Nullable Topic find(String name) {
		return this.byName.get(name);
	}

	/**
	 * Return the topic of that id in the store if it holds messages.
	 */
	@Nullable Topic withId(long id) {
		return this.byId.get(id);
	}

	/**
	 * Return the topics that hold messages, oldest first.
	 */
	Iterable<Topic> topics() {
		return this.byId.values();
	}

	/**
	 * Return one page of the topics that hold messages, oldest first: in the order they started to hold messages,
	 * which a topic keeps for as long as it holds any.
	 */
	List<Topic> page(long offset, int limit) {
		List<Topic> page = new ArrayList<>(Math.min(limit, 1024));
		Iterator<Topic> topics = this.byId.values().iterator();
		for (long skipped = 0; skipped < offset && topics.hasNext(); skipped++) {
			topics.next();
		}
		while (page.size() < limit && topics.hasNext()) {
			page.add(topics.next());
		}
		return page;
	}

	long topicCount() {
		return this.byId.size();
	}

	/**
	 * Return how many messages the topic of that name holds, 0 if none.
	 */
	long messagesOf(String name) {
		Topic topic = this.byName.get(name);
		return (topic != null) ? topic.messages() : 0;
	}

	/**
	 * Return how many bytes the topic of that name holds, 0 if none.
	 */
	long bytesOf(String name) {
		Topic topic = this.byName.get(name);
		return (topic != null) ? topic.bytes() : 0;
	}

	/**
	 * Call the given consumer with the name of every topic that starts to hold messages from now on, with the lock
	 * held.
	 */
	void onTopicAdded(Consumer<String> consumer) {
		this.topicAdded = consumer;
	}

	/**
	 * Start to hold a topic that the store has committed, with what it holds already.
	 */
	void add(Topic topic) {
		this.byName.put(topic.name(), topic);
		this.byId.put(topic.id(), topic);
		this.messages += topic.messages();
		this.bytes += topic.bytes();
		try {
			this.topicAdded.accept(topic.name());
		}
		catch (RuntimeException ex) {
			// the topic is stored and held: a listener (the topic's gauges) must not undo that
			logger.warn("Could not announce topic '" + MessageStore.abbreviate(topic.name()) + "'", ex);
		}
	}

	/**
	 * Count committed messages into a topic that is held.
	 */
	void hold(Topic topic, long messages, long bytes) {
		topic.hold(messages, bytes);
		this.messages += messages;
		this.bytes += bytes;
	}

	/**
	 * Take deleted messages out of what their topic holds, and forget the topic once it holds none: its row went in
	 * the same transaction.
	 */
	void release(Release release) {
		Topic topic = release.topic();
		topic.hold(-release.messages(), -release.bytes());
		this.messages -= release.messages();
		this.bytes -= release.bytes();
		if (topic.messages() == 0) {
			this.byName.remove(topic.name(), topic);
			this.byId.remove(topic.id(), topic);
		}
	}

	/**
	 * Drop the oldest messages of each given topic over the message limit, then, while all topics hold more bytes
	 * than allowed, the oldest of the topic that holds the most: as on a bulletin board, old notes make room. The
	 * newest message put is never dropped. Each drop is accounted for as soon as it returns, so it must have
	 * committed, or belong to a transaction whose failure discards these holdings.
	 * @param keep the sequence number of the message to keep
	 */
	void enforceLimits(Iterable<Topic> touched, long keep, Dropper dropper) {
		for (Topic topic : touched) {
			long over = topic.messages() - this.limits.maxMessagesPerTopic();
			if (over > 0) {
				this.droppedForTopicLimit.addAndGet(drop(dropper, topic, over, Long.MAX_VALUE));
			}
		}
		while (this.bytes > this.limits.maxHeldBytes()) {
			Topic fullest = fullest(keep);
			long dropped = (fullest != null)
					? drop(dropper, fullest, Long.MAX_VALUE, this.bytes - this.limits.maxHeldBytes()) : 0;
			if (dropped == 0) {
				return;
			}
			this.droppedForByteLimit.addAndGet(dropped);
		}
	}

	private long drop(Dropper dropper, Topic topic, long maxMessages, long minBytes) {
		Release release = dropper.drop(topic, maxMessages, minBytes);
		release(release);
		return release.messages();
	}

	/**
	 * Deletes the oldest messages of a topic for a limit, never the message to keep.
	 */
	@FunctionalInterface
	interface Dropper {

		/**
		 * Delete as many messages as given, or until at least the given bytes are freed.
		 * @return what the topic no longer holds
		 */
		Release drop(Topic topic, long maxMessages, long minBytes);

	}

	/**
	 * Return the topic that holds the most bytes, other than one that holds nothing but the given message.
	 */
	private @Nullable Topic fullest(long keep) {
		return this.byId.values()
			.stream()
			.filter((topic) -> topic.messages() > 1 || topic.newest() != keep)
			.max(Comparator.comparingLong(Topic::bytes))
			.orElse(null);
	}

	long heldMessages() {
		return this.messages;
	}

	long heldBytes() {
		return this.bytes;
	}

	void expired(long messages) {
		this.expired.addAndGet(messages);
	}

	long droppedForTopicLimit() {
		return this.droppedForTopicLimit.get();
	}

	long droppedForByteLimit() {
		return this.droppedForByteLimit.get();
	}

	long expired() {
		return this.expired.get();
	}

}
