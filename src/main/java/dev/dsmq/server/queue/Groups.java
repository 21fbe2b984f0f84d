package dev.dsmq.server.queue;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The work-queue groups the store holds, by topic name and group name. Changed with the queue's lock held, once the
 * store has committed the change; any thread may look a group up. A put to a topic without groups costs one look at
 * a counter.
 */
final class Groups {

	private static final Log logger = LogFactory.getLog(Groups.class);

	private final Map<String, Map<String, Group>> byTopic = new ConcurrentHashMap<>();

	private volatile int count;

	private volatile BiFunction<String, String, GroupTally> tallies = (topic, name) -> new GroupTally();

	private volatile Consumer<Group> groupAdded = (group) -> {
	};

	@Nullable Group find(String topic, String name) {
		Map<String, Group> groups = this.byTopic.get(topic);
		return (groups != null) ? groups.get(name) : null;
	}

	/**
	 * Return the groups of a topic, none if it has none.
	 */
	Collection<Group> of(String topic) {
		Map<String, Group> groups = this.byTopic.get(topic);
		return (groups != null) ? groups.values() : List.of();
	}

	int countOf(String topic) {
		Map<String, Group> groups = this.byTopic.get(topic);
		return (groups != null) ? groups.size() : 0;
	}

	int count() {
		return this.count;
	}

	/**
	 * Return every group, topic by topic.
	 */
	List<Group> all() {
		return this.byTopic.values().stream().flatMap((groups) -> groups.values().stream()).toList();
	}

	/**
	 * Count messages just stored to a topic in for each of its groups.
	 */
	void put(String topic, long messages) {
		if (this.count == 0) {
			return;
		}
		Map<String, Group> groups = this.byTopic.get(topic);
		if (groups != null) {
			groups.values().forEach((group) -> group.put(messages));
		}
	}

	/**
	 * Return the tally a group of that name is to count in: its meters' if it has meters, else a new one.
	 */
	GroupTally tallyFor(String topic, String name) {
		return this.tallies.apply(topic, name);
	}

	/**
	 * Have groups count in the tallies the given function returns from now on.
	 */
	void onTally(BiFunction<String, String, GroupTally> tallies) {
		this.tallies = tallies;
	}

	/**
	 * Call the given consumer with every group added from now on, with the lock held.
	 */
	void onGroupAdded(Consumer<Group> consumer) {
		this.groupAdded = consumer;
	}

	void add(Group group) {
		this.byTopic.computeIfAbsent(group.topic(), (topic) -> new ConcurrentHashMap<>()).put(group.name(), group);
		this.count++;
		try {
			this.groupAdded.accept(group);
		}
		catch (RuntimeException ex) {
			// the group is stored and held: a listener (its meters) must not undo that
			logger.warn("Could not announce group '" + MessageStore.abbreviate(group.name()) + "' of topic '"
					+ MessageStore.abbreviate(group.topic()) + "'", ex);
		}
	}

	void remove(Group group) {
		Map<String, Group> groups = this.byTopic.get(group.topic());
		if (groups != null && groups.remove(group.name(), group)) {
			this.count--;
			if (groups.isEmpty()) {
				this.byTopic.remove(group.topic());
			}
			group.forget();
		}
	}

}
