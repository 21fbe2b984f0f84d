package dev.dsmq.server.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.LongSupplier;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.jspecify.annotations.Nullable;

/**
 * Work-queue groups on the topics (PROTOCOL.md section 10): each group gets every message of its topic once, claimed
 * for a visibility timeout until a member deletes it. Groups and broadcast readers do not affect each other: a group
 * reads the topic's messages by its own rows, never by read positions.
 * <p>
 * A message that has been claimed {@code maxRetrievals} times without being deleted is dead-lettered when it would be
 * claimed once more: the get or pop that comes to it puts it to {@code T.dead-letter} instead, with headers that name
 * the topic, the group, its sequence number and its retrieval count ({@link DeadLetterHeaders}), marks it done for
 * the group and goes on to the next message. A peek passes over it and leaves it for the next get.
 * <p>
 * Called with the queue's lock held.
 */
final class WorkQueues {

	/** The suffix of the topic that a group's messages are dead-lettered to. */
	static final String DEAD_LETTER_SUFFIX = ".dead-letter";

	private final GroupStore store;

	private final Groups groups;

	private final Holdings holdings;

	private final Clock clock;

	private final TopicRates rates;

	private final GroupLimits limits;

	private final Duration timeToLive;

	private final LongSupplier lastSequence;

	private final Function<NewMessage, PutOutcome> deadLetters;

	WorkQueues(GroupStore store, Groups groups, Holdings holdings, Clock clock, TopicRates rates, GroupLimits limits,
			Duration timeToLive, LongSupplier lastSequence, Function<NewMessage, PutOutcome> deadLetters) {
		this.store = store;
		this.groups = groups;
		this.holdings = holdings;
		this.clock = clock;
		this.rates = rates;
		this.limits = limits;
		this.timeToLive = timeToLive;
		this.lastSequence = lastSequence;
		this.deadLetters = deadLetters;
	}

	/**
	 * Read the oldest message the group may claim now, creating the group if this is its first use.
	 * @param visibility how long a claim lasts; null for the visibility timeout
	 */
	Optional<GroupMessage> take(Take take, String topicName, String groupName, @Nullable Duration visibility) {
		long now = this.clock.millis();
		Group group = use(topicName, groupName, now);
		long after = group.doneThrough();
		while (group.pending() > 0) {
			Topic topic = this.holdings.find(topicName);
			GroupStore.Candidate candidate = (topic != null)
					? this.store.candidate(group, topic, after, now, true) : null;
			if (candidate == null) {
				return Optional.empty();
			}
			after = candidate.sequence();
			if (isDeadLetterDue(candidate)) {
				if (take != Take.PEEK) {
					deadLetter(group, topic, candidate);
				}
				continue;
			}
			return Optional.of(switch (take) {
				case PEEK -> message(candidate, candidate.retrievals(), candidate.firstRetrieved());
				case CLAIM -> claim(group, topic, candidate, now, visibility);
				case POP -> {
					done(group, topic, candidate.sequence(), candidate.doneThroughOnceDone());
					yield retrieved(group, topic, candidate, now);
				}
			});
		}
		return Optional.empty();
	}

	/**
	 * Mark a message done for the group: it is not claimed again. Nothing changes for a message that is done already
	 * or not held.
	 */
	void delete(String topicName, String groupName, long sequence) {
		Group group = use(topicName, groupName, this.clock.millis());
		Topic topic = this.holdings.find(topicName);
		if (topic != null) {
			done(group, topic, sequence);
		}
	}

	/**
	 * Give a claim back: the message is available to the group again after the delay.
	 * @return whether the group had the message and had not deleted it
	 */
	boolean release(String topicName, String groupName, long sequence, Duration delay) {
		long now = this.clock.millis();
		Group group = use(topicName, groupName, now);
		return sequence > group.doneThrough() && this.store.release(group, sequence, now + delay.toMillis());
	}

	/**
	 * Return how long until a read of the group may find a message without anything being put or given back: 0 if
	 * one may now (for a get or pop, also one due to be dead-lettered, since moving it is progress too),
	 * {@link Long#MAX_VALUE} if only a put or a release can bring one.
	 * @return milliseconds on the queue's clock
	 */
	long untilAvailable(Take take, String topicName, String groupName) {
		Group group = this.groups.find(topicName, groupName);
		Topic topic = this.holdings.find(topicName);
		if (group == null || topic == null || group.pending() == 0) {
			return Long.MAX_VALUE;
		}
		long now = this.clock.millis();
		long after = group.doneThrough();
		GroupStore.Candidate candidate;
		while ((candidate = this.store.candidate(group, topic, after, now, false)) != null) {
			if (take != Take.PEEK || !isDeadLetterDue(candidate)) {
				return 0;
			}
			after = candidate.sequence();
		}
		long next = this.store.nextAvailable(group, topic, now);
		return (next > now) ? next - now : Long.MAX_VALUE;
	}

	/**
	 * Return what a group has and counted.
	 */
	GroupDepth depth(Group group) {
		Topic topic = this.holdings.find(group.topic());
		long available = 0;
		long claimed = 0;
		long pending = group.pending();
		if (topic != null && pending > 0) {
			GroupStore.Figures figures = this.store.figures(group, topic, this.clock.millis(),
					this.limits.maxRetrievals());
			claimed = figures.claimed();
			available = Math.max(0, pending - figures.held() - figures.delayed());
		}
		GroupTally tally = group.tally();
		return new GroupDepth(group.name(), available, claimed, tally.redeliveredCount(), tally.deadLetteredCount(),
				tally.expiredCount() + tally.droppedForTopicLimitCount() + tally.droppedForByteLimitCount());
	}

	/**
	 * Forget the groups nobody has used for the time to live, and store when the others were last used. A group
	 * forgotten loses nothing: every message it had deleted or claimed was put before its last use, so has expired,
	 * and a group of that name starts again at the oldest message the topic holds.
	 */
	void forgetIdle() {
		long cutoff = this.clock.millis() - this.timeToLive.toMillis();
		List<Group> used = new ArrayList<>();
		for (Group group : this.groups.all()) {
			if (group.usedAt() <= cutoff) {
				long rows = this.store.forget(group);
				Topic topic = this.holdings.find(group.topic());
				if (rows > 0 && topic != null) {
					this.holdings.hold(topic, 0, -rows * Costs.GROUP_ROW);
				}
				this.holdings.holdBeside(-group.cost());
				this.groups.remove(group);
			}
			else if (group.isUseUnstored()) {
				used.add(group);
			}
		}
		if (!used.isEmpty()) {
			long[] usedAt = used.stream().mapToLong(Group::usedAt).toArray();
			this.store.storeUse(used, usedAt);
			for (int i = 0; i < usedAt.length; i++) {
				used.get(i).useStored(usedAt[i]);
			}
		}
	}

	/**
	 * Return the group, created if it does not exist, noting that it is used now.
	 * @throws TooManyGroupsException if it does not exist and there are as many groups as there may be
	 */
	private Group use(String topicName, String groupName, long now) {
		Group group = this.groups.find(topicName, groupName);
		if (group == null) {
			if (this.groups.countOf(topicName) >= this.limits.maxPerTopic()) {
				throw new TooManyGroupsException("topic '" + MessageStore.abbreviate(topicName) + "' has "
						+ this.limits.maxPerTopic() + " groups, the most it may (dsmq.groups.max-per-topic)");
			}
			if (this.groups.count() >= this.limits.maxTotal()) {
				throw new TooManyGroupsException("the server has " + this.limits.maxTotal()
						+ " groups, the most it may (dsmq.groups.max-total)");
			}
			group = this.store.create(topicName, groupName, this.holdings.find(topicName),
					this.lastSequence.getAsLong(), now);
			this.holdings.holdBeside(group.cost());
			this.groups.add(group);
		}
		group.use(now);
		return group;
	}

	private boolean isDeadLetterDue(GroupStore.Candidate candidate) {
		return this.limits.maxRetrievals() > 0 && candidate.retrievals() >= this.limits.maxRetrievals();
	}

	private GroupMessage claim(Group group, Topic topic, GroupStore.Candidate candidate, long now,
			@Nullable Duration visibility) {
		Duration lasts = (visibility != null) ? visibility : this.limits.visibilityTimeout();
		// a claim of less than a millisecond is one of a millisecond, not one that has run out already
		long millis = Math.max(1, lasts.toMillis());
		if (this.store.claim(group, candidate, now, now + millis)) {
			this.holdings.hold(topic, 0, Costs.GROUP_ROW);
		}
		return retrieved(group, topic, candidate, now);
	}

	/**
	 * The message as retrieved once more, counted as delivered in its topic's rate, and as redelivered if the group
	 * had claimed it before.
	 */
	private GroupMessage retrieved(Group group, Topic topic, GroupStore.Candidate candidate, long now) {
		int interval = this.rates.interval();
		topic.counts(interval).delivered(interval);
		if (candidate.retrievals() > 0) {
			group.tally().redelivered();
		}
		return message(candidate, candidate.retrievals() + 1,
				(candidate.firstRetrieved() != 0) ? candidate.firstRetrieved() : now);
	}

	private static GroupMessage message(GroupStore.Candidate candidate, int retrievals, long firstRetrieved) {
		byte[] body = candidate.body();
		if (body == null) {
			throw new IllegalStateException("a candidate read without its body");
		}
		StoredMessage message = new StoredMessage(candidate.sequence(), body,
				new StoredMessage.Metadata(candidate.createdAt(), candidate.headers()));
		return new GroupMessage(message, firstRetrieved, retrievals);
	}

	/**
	 * Put the message to the dead-letter topic, then mark it done for the group: should the put fail, the message
	 * stays as it was, and should marking fail, it is dead-lettered again (at least once, never lost).
	 */
	private void deadLetter(Group group, Topic topic, GroupStore.Candidate candidate) {
		byte[] body = candidate.body();
		if (body == null) {
			throw new IllegalStateException("a candidate read without its body");
		}
		byte[] headers = DeadLetterHeaders.of(candidate.headers(), topic.name(), group.name(), candidate.sequence(),
				candidate.retrievals());
		PutOutcome outcome = this.deadLetters.apply(new NewMessage(topic.name() + DEAD_LETTER_SUFFIX, body, headers));
		RuntimeException failure = outcome.failure();
		if (failure != null) {
			throw failure;
		}
		group.tally().deadLettered();
		// the put may have dropped messages for the limits, this one or the topic's last among them
		Topic still = this.holdings.find(topic.name());
		if (still != null) {
			done(group, still, candidate.sequence());
		}
	}

	/**
	 * Mark a message done for the group, and account for its rows once committed.
	 */
	private void done(Group group, Topic topic, long sequence) {
		done(group, topic, sequence, -1);
	}

	/**
	 * Mark a message done for the group, knowing where it is done up to then if that is known (-1 if not).
	 */
	private void done(Group group, Topic topic, long sequence, long doneThroughOnceDone) {
		if (sequence <= group.doneThrough()) {
			return;
		}
		long rows = this.store.done(group, topic, sequence, doneThroughOnceDone);
		if (rows != 0) {
			this.holdings.hold(topic, 0, rows * Costs.GROUP_ROW);
		}
	}

}
