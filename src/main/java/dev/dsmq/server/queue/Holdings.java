package dev.dsmq.server.queue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * What the store holds, in memory: every topic that holds messages, what each holds and the totals, and what left by
 * expiry and the limits. It is changed only with the queue's lock held and only after the store has committed the
 * change, so that it never counts what a failed transaction did not do; any thread may read it.
 */
final class Holdings {

	private static final Log logger = LogFactory.getLog(Holdings.class);

	/** Every topic that holds messages, by name: a get looks its topic up here without the lock. */
	private final Map<String, Topic> byName = new ConcurrentHashMap<>();

	/** The same topics by id, which the store's rows refer to: the order they started to hold messages in. */
	private final Map<Long, Topic> byId = new ConcurrentSkipListMap<>();

	/**
	 * The same topics by the bytes they held when last sorted, then the newest first, so that the last is the fullest
	 * and the oldest of those as full; only with the lock held. Sorting is put off until the byte limit asks for the
	 * fullest topic, so that a put only notes its topic in {@link #unsorted}.
	 */
	private final NavigableSet<Topic> byBytes = new TreeSet<>(Comparator.comparingLong(Topic::sortedBytes)
		.thenComparing(Comparator.comparingLong(Topic::id).reversed()));

	/**
	 * The topics whose bytes changed since they were last sorted, each once, and some that emptied since: they are
	 * sorted when there are more of them than topics held, so the list stays as long as the topics held at most.
	 */
	private final List<Topic> unsorted = new ArrayList<>();

	private volatile long messages;

	private volatile long bytes;

	private final AtomicLong droppedForTopicLimit = new AtomicLong();

	private final AtomicLong droppedForByteLimit = new AtomicLong();

	private final AtomicLong expired = new AtomicLong();

	private volatile Consumer<String> topicAdded = (name) -> {
	};

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
		topic.sorted();
		this.byBytes.add(topic);
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
		long before = topic.bytes();
		topic.hold(messages, bytes);
		unsorted(topic);
		this.messages += messages;
		this.bytes += topic.bytes() - before;
	}

	/**
	 * Count committed bytes held beside the topics in, or out with negative numbers: what work-queue groups cost
	 * themselves (their rows of messages count in their topics).
	 */
	void holdBeside(long bytes) {
		this.bytes += bytes;
	}

	/**
	 * Take deleted messages out of what their topic holds, and forget the topic once it holds none: its row went in
	 * the same transaction.
	 */
	void release(Release release) {
		Topic topic = release.topic();
		long before = topic.bytes();
		topic.hold(-release.messages(), -release.bytes());
		this.messages -= release.messages();
		if (topic.messages() == 0) {
			// what the topic itself cost goes with its last message
			this.bytes -= before;
			this.byName.remove(topic.name(), topic);
			this.byId.remove(topic.id(), topic);
			this.byBytes.remove(topic);
			topic.forget();
		}
		else {
			this.bytes -= before - topic.bytes();
			unsorted(topic);
		}
	}

	/**
	 * Return the topic that holds the most bytes, the oldest of those that hold as many, other than one that holds
	 * nothing but the given message; with the lock held.
	 */
	@Nullable Topic fullest(long keep) {
		sort();
		for (Topic topic : this.byBytes.descendingSet()) {
			if (topic.messages() > 1 || topic.newest() != keep) {
				return topic;
			}
		}
		return null;
	}

	private void unsorted(Topic topic) {
		if (topic.sortedBytes() != topic.bytes() && topic.markUnsorted()) {
			this.unsorted.add(topic);
			if (this.unsorted.size() > Math.max(1024, this.byBytes.size())) {
				sort();
			}
		}
	}

	private void sort() {
		for (Topic topic : this.unsorted) {
			// out under the bytes it was sorted by, back in under those it holds, unless it emptied meanwhile
			if (this.byBytes.remove(topic)) {
				topic.sorted();
				this.byBytes.add(topic);
			}
		}
		this.unsorted.clear();
	}

	long heldMessages() {
		return this.messages;
	}

	long heldBytes() {
		return this.bytes;
	}

	void dropped(boolean forTopicLimit, long messages) {
		(forTopicLimit ? this.droppedForTopicLimit : this.droppedForByteLimit).addAndGet(messages);
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
