package dev.dsmq.server.queue;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Topics of messages in SQLite, read by sequence number.
 * <p>
 * Every message gets a sequence number, strictly increasing in the order the puts were accepted, so that FIFO order
 * and read positions never depend on clock resolution. A reader asks for the first message after the last sequence
 * number it has seen; a new reader starts at {@link #lastSequence()}.
 * <p>
 * Topics are Unicode text: a string with an unpaired surrogate has no UTF-8 form and would be stored as {@code ?}.
 * <p>
 * All statements run on one SQLite connection (an in-memory database exists only within its connection), so they
 * are serialized by one lock, which also makes "assign a sequence number, then insert" atomic. A reader that waits
 * for a message releases the lock while it waits, and a put to its topic wakes it.
 */
public class QueueService implements MessageQueue {

	private final Holdings holdings;

	private final Groups groups;

	private final WorkQueues workQueues;

	private final StoreConnection connection;

	private final MessageStore store;

	private final RecentMessages recent;

	private final Appender appender;

	private final Clock clock;

	private final TopicRates rates;

	private final Duration timeToLive;

	private final Lock lock = new ReentrantLock();

	private final TopicWaits waits = new TopicWaits(this.lock);

	private volatile long lastSequence;

	public QueueService(JdbcTemplate jdbc, Clock clock, Duration timeToLive) {
		this(jdbc, clock, timeToLive, HeldLimits.NONE, new TopicRates(), GroupLimits.DEFAULT);
	}

	QueueService(JdbcTemplate jdbc, Clock clock, Duration timeToLive, HeldLimits limits) {
		this(jdbc, clock, timeToLive, limits, new TopicRates(), GroupLimits.DEFAULT);
	}

	QueueService(JdbcTemplate jdbc, Clock clock, Duration timeToLive, GroupLimits groupLimits) {
		this(jdbc, clock, timeToLive, HeldLimits.NONE, new TopicRates(), groupLimits);
	}

	QueueService(JdbcTemplate jdbc, Clock clock, Duration timeToLive, HeldLimits limits, TopicRates rates,
			GroupLimits groupLimits) {
		if (timeToLive.isNegative() || timeToLive.isZero()) {
			throw new IllegalArgumentException("time to live must be positive, not " + timeToLive);
		}
		this.holdings = new Holdings();
		this.groups = new Groups();
		StoreConnection store = new StoreConnection(jdbc);
		this.connection = store;
		this.recent = new RecentMessages(limits.cacheBytes(),
				(topic, after, rows, maxBytes) -> MessageStore.run(store, topic, after, rows, maxBytes));
		Eviction eviction = new Eviction(this.holdings, limits);
		GroupStore groupStore = new GroupStore(this.connection, this.groups, this.recent);
		this.store = new MessageStore(this.connection, this.holdings, this.groups, groupStore);
		this.clock = clock;
		this.rates = rates;
		this.timeToLive = timeToLive;
		long newest = this.store.newestSequence();
		new StoreRepair(this.connection, this.store, this.holdings, eviction, groupStore, this.groups).open(newest);
		long last = firstSequenceBefore(newest, clock);
		this.lastSequence = last;
		this.appender = new Appender(this.store, this.recent, this.holdings, this.groups, eviction, rates, clock,
				last);
		this.workQueues = new WorkQueues(groupStore, this.groups, this.holdings, clock, rates, groupLimits, timeToLive,
				this.appender::lastSequence, (message) -> putAll(List.of(message)));
		// a store kept on disk may hold messages that expired while the server was down
		purgeExpired();
	}

	/**
	 * Return the number after which this server numbers the messages it accepts: past the newest one held, and past
	 * the clock in microseconds. A reader that resumes with {@code after} a number it read from an earlier run of
	 * the server must find every message this run accepts after it, also when nothing of that run is held any more
	 * (an in-memory store, or a store file whose messages all expired): numbering from the newest held alone would
	 * start again at 1, and such a reader would skip what follows up to its number. The earlier run could only have
	 * passed the clock by accepting more than one message a microsecond on average.
	 */
	static long firstSequenceBefore(long newestHeld, Clock clock) {
		return Math.max(newestHeld, Math.multiplyExact(Math.max(0, clock.millis()), 1000L));
	}

	/**
	 * Append a message to a topic.
	 * @param topic the topic
	 * @param body the message as one encoded JSON value
	 * @return the message's sequence number
	 * @throws RuntimeException why the store refused it
	 */
	public long put(String topic, byte[] body) {
		PutOutcome outcome = putAll(List.of(new NewMessage(topic, body)));
		RuntimeException failure = outcome.failure();
		if (failure != null) {
			throw failure;
		}
		return outcome.sequence(0);
	}

	/**
	 * Append messages in the order given, in one transaction: pipelined puts of one connection are stored together.
	 * Should the store refuse that transaction, the messages are stored one at a time, so that only those it refuses
	 * are refused; the others keep their order.
	 * @return what became of each message
	 */
	@Override
	public PutOutcome putAll(List<NewMessage> messages) {
		return locked(() -> {
			PutOutcome outcome;
			try {
				outcome = this.appender.append(messages);
			}
			finally {
				this.lastSequence = this.appender.lastSequence();
			}
			if (outcome.storedCount() > 0) {
				this.waits.signal(messages);
			}
			return outcome;
		});
	}

	/**
	 * A message to be put.
	 * @param topic the topic
	 * @param body the message as one encoded JSON value
	 * @param headers the put's headers as one encoded JSON object, or null for none
	 * @param delay how long after the put groups wait before they may claim it; broadcast readers read it at once
	 */
	public record NewMessage(String topic, byte[] body, byte @Nullable [] headers, Duration delay) {

		public NewMessage {
			if (delay.isNegative()) {
				throw new IllegalArgumentException("a delay is not negative, not " + delay);
			}
		}

		/**
		 * A message put without a delay.
		 */
		public NewMessage(String topic, byte[] body, byte @Nullable [] headers) {
			this(topic, body, headers, Duration.ZERO);
		}

		/**
		 * A message put without headers or a delay.
		 */
		public NewMessage(String topic, byte[] body) {
			this(topic, body, null, Duration.ZERO);
		}

		/**
		 * Return the bytes the message holds: its body and its headers, as they count towards the held bytes.
		 */
		long length() {
			return (long) this.body.length + ((this.headers != null) ? this.headers.length : 0);
		}

	}

	/**
	 * Return the oldest message of a topic after the given sequence number.
	 */
	public Optional<StoredMessage> next(String topic, long after) {
		return read(false, topic, after);
	}

	/**
	 * Return the newest message of a topic after the given sequence number.
	 */
	public Optional<StoredMessage> latest(String topic, long after) {
		return read(true, topic, after);
	}

	/**
	 * Return the oldest message of a topic that this connection has not read, and move its position past it.
	 * @throws TooManyReadPositionsException if the connection keeps as many positions as it may, none in this topic
	 */
	public Optional<StoredMessage> next(String topic, ReadPositions positions) {
		return read(topic, positions, ReadOptions.NEXT);
	}

	/**
	 * Return the newest message of a topic that this connection has not read, and move its position to it: the
	 * older ones are never eligible for it again.
	 * @throws TooManyReadPositionsException if the connection keeps as many positions as it may, none in this topic
	 */
	public Optional<StoredMessage> latest(String topic, ReadPositions positions) {
		return read(topic, positions, ReadOptions.LATEST);
	}

	/**
	 * Read a topic as a connection, and move its position in the topic to the message read. A read that names where
	 * to start ({@link ReadOptions#after()}) first moves the position there, if the topic holds messages: a read that
	 * finds nothing after it leaves the position there, so that the connection reads on from it.
	 * @throws TooManyReadPositionsException if the connection keeps as many positions as it may, none in this topic
	 */
	@Override
	public Optional<StoredMessage> read(String topic, ReadPositions positions, ReadOptions options) {
		// a polling reader with nothing new to read, the usual case, is answered without the lock
		if (!options.movesPosition() && !hasNewer(topic, positions.of(this.holdings.find(topic)))) {
			return Optional.empty();
		}
		return locked(() -> {
			Topic found = this.holdings.find(topic);
			if (found == null) {
				// a topic that holds nothing keeps no positions: every message put to it from now on is new
				return Optional.empty();
			}
			if (options.movesPosition()) {
				requireRoom(positions, found);
				positions.moveTo(found, options.after());
			}
			long after = positions.of(found);
			if (!found.hasNewerThan(after)) {
				return Optional.empty();
			}
			requireRoom(positions, found);
			Optional<StoredMessage> message = read(options.latest(), found, after, options.metadata(), positions);
			message.ifPresent((read) -> positions.moveTo(found, read.sequence()));
			return message;
		});
	}

	/**
	 * Wait until the topic holds a message this connection has not read, as {@link #awaitNewer(String, long, Duration)}.
	 */
	@Override
	public boolean awaitNewer(String topic, ReadPositions positions, Duration wait) {
		Topic found = this.holdings.find(topic);
		// a topic created meanwhile holds only messages that come after every position in it
		return awaitNewer(topic, positions.of(found), wait);
	}

	/**
	 * Wait until the topic holds a message after the given sequence number, the time is up, or waits are ended
	 * because the server stops. A put to the topic wakes the wait.
	 * @return whether the topic holds such a message
	 */
	public boolean awaitNewer(String topic, long after, Duration wait) {
		if (hasNewer(topic, after)) {
			return true;
		}
		return locked(() -> this.waits.await(topic, wait.toNanos(), () -> hasNewer(topic, after)));
	}

	/**
	 * Whether reads may wait for messages: not while the server stops.
	 */
	@Override
	public boolean waitsAllowed() {
		return this.waits.allowed();
	}

	/**
	 * Return the size of the largest message the topic has held since it last held none, its headers included, or 0:
	 * a reader about to read from it needs at most this much memory for the message.
	 */
	@Override
	public long largestBody(String topic) {
		Topic found = this.holdings.find(topic);
		return (found != null) ? found.largestBody() : 0;
	}

	/**
	 * Return the sequence number of the newest message accepted so far; a reader that starts now reads only what
	 * comes after it.
	 */
	@Override
	public long lastSequence() {
		return this.lastSequence;
	}

	/**
	 * Read the oldest message a work-queue group may claim now, creating the group on its first use: claim it for
	 * the visibility, claim and delete it ({@link Take#POP}), or only look ({@link Take#PEEK}). A group with no
	 * message left to delete is answered without the lock, as a broadcast read of a topic with nothing new is.
	 * @param visibility how long a claim lasts; null for {@code dsmq.groups.visibility-timeout}
	 * @throws TooManyGroupsException if the group is new and there are as many as there may be
	 */
	@Override
	public Optional<GroupMessage> take(Take take, String topic, String group, @Nullable Duration visibility) {
		Group found = this.groups.find(topic, group);
		if (found != null && found.pending() == 0 && !found.isForgotten()) {
			found.use(this.clock.millis());
			return Optional.empty();
		}
		return locked(() -> this.workQueues.take(take, topic, group, visibility));
	}

	/**
	 * Mark a message done for a work-queue group: it is not claimed again. Deleting a message that is done, or not
	 * held, changes nothing.
	 * @throws TooManyGroupsException if the group is new and there are as many as there may be
	 */
	@Override
	public void delete(String topic, String group, long sequence) {
		locked(() -> {
			this.workQueues.delete(topic, group, sequence);
			return null;
		});
	}

	/**
	 * Give a work-queue group's claim back early: the message is available to the group again after the delay.
	 * Releasing a message the group has not claimed, or has deleted, changes nothing.
	 * @throws TooManyGroupsException if the group is new and there are as many as there may be
	 */
	@Override
	public void release(String topic, String group, long sequence, Duration delay) {
		locked(() -> {
			if (this.workQueues.release(topic, group, sequence, delay)) {
				// a reader waiting for the group sleeps until the claims it knew of run out, this one's later
				this.waits.signal(topic);
			}
			return null;
		});
	}

	/**
	 * Wait until a read of the work-queue group may find a message, the time is up, or waits are ended because the
	 * server stops: a put to the topic or a release wakes the wait, and it ends by itself when a claim runs out or a
	 * delay ends.
	 * @return whether a read may find a message now
	 */
	@Override
	public boolean awaitAvailable(Take take, String topic, String group, Duration wait) {
		return locked(() -> this.waits.await(topic, wait.toNanos(), () -> {
			long millis = this.workQueues.untilAvailable(take, topic, group);
			return (millis == Long.MAX_VALUE) ? Long.MAX_VALUE : TimeUnit.MILLISECONDS.toNanos(millis);
		}));
	}

	/**
	 * Return what a work-queue group has now and what it counted, if the store holds it.
	 */
	@Override
	public Optional<GroupDepth> group(String topic, String group) {
		Group found = this.groups.find(topic, group);
		return (found != null) ? locked(() -> Optional.of(this.workQueues.depth(found))) : Optional.empty();
	}

	/**
	 * Return how many work-queue groups the store holds.
	 */
	@Override
	public int groupCount() {
		return this.groups.count();
	}

	/**
	 * What the store holds of work-queue groups, for their meters.
	 */
	Groups groups() {
		return this.groups;
	}

	/**
	 * Delete every message older than the time to live, and forget the work-queue groups nobody has used for as long.
	 * @return how many messages were deleted
	 */
	@Override
	public int purgeExpired() {
		long cutoff = this.clock.millis() - this.timeToLive.toMillis();
		return locked(() -> {
			int deleted = 0;
			for (Release release : this.store.deleteCreatedBefore(cutoff, this.appender.lastSequence())) {
				this.recent.removeThrough(release.topic(), release.through());
				this.holdings.release(release);
				release.losses().forEach((loss) -> loss.group().expired(loss.bound(), loss.messages()));
				deleted += (int) release.messages();
			}
			this.holdings.expired(deleted);
			this.workQueues.forgetIdle();
			return deleted;
		});
	}

	/**
	 * Return what the store holds, as counted: no statement runs and no lock is taken.
	 */
	@Override
	public QueueStats stats() {
		return new QueueStats(this.holdings.topicCount(), this.holdings.heldMessages());
	}

	/**
	 * Return why the store is not working, if it is not: the last put, expiry or drop for a limit failed and none of
	 * its kind has succeeded since, or the store does not answer a one-row query.
	 */
	@Override
	public Optional<String> storeProblem() {
		Optional<String> failure = this.connection.failure();
		if (failure.isPresent()) {
			return failure;
		}
		try {
			locked(() -> {
				this.store.probe();
				return null;
			});
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			return Optional.of("the store does not answer: " + ex.getMessage());
		}
	}

	@Override
	public String storeName() {
		return this.connection.isDurable() ? "sqlite-file" : "sqlite-memory";
	}

	/**
	 * Return one page of the topics that hold messages, oldest first: what each holds, when its oldest and newest
	 * messages were put, its rates and its work-queue groups. The page is taken without the lock; the lock is then
	 * held for one statement, one step down the index per topic of the page, and two small ones per group.
	 * @param offset how many topics to pass over
	 * @param limit the most topics to return
	 */
	@Override
	public List<TopicDepth> topics(long offset, int limit) {
		List<Topic> page = this.holdings.page(offset, limit);
		if (page.isEmpty()) {
			return List.of();
		}
		return locked(() -> {
			long[] oldest = this.store.oldestCreatedAt(page);
			long nanos = System.nanoTime();
			int interval = this.rates.interval();
			List<TopicDepth> depths = new ArrayList<>(page.size());
			for (int i = 0; i < page.size(); i++) {
				Topic topic = page.get(i);
				// a topic that emptied since the page was taken is left out
				if (this.holdings.withId(topic.id()) == topic) {
					depths.add(new TopicDepth(topic.name(), topic.messages(), topic.bytes(), oldest[i],
							topic.newestCreatedAt(), this.rates.rate(topic.counts(interval), nanos),
							groupsOf(topic.name())));
				}
			}
			return depths;
		});
	}

	/**
	 * Return what each work-queue group of a topic has, by name; call with the lock held.
	 */
	private List<GroupDepth> groupsOf(String topic) {
		return this.groups.of(topic)
			.stream()
			.sorted(Comparator.comparing(Group::name))
			.map(this.workQueues::depth)
			.toList();
	}

	/**
	 * Return how many bytes the topics hold, as counted for {@code dsmq.max-held-bytes}.
	 */
	@Override
	public long heldBytes() {
		return this.holdings.heldBytes();
	}

	/**
	 * What the store holds, for its metrics.
	 */
	Holdings holdings() {
		return this.holdings;
	}

	/**
	 * Return how many reads are waiting for a message to be put.
	 */
	@Override
	public int waitingReaders() {
		return this.waits.waiting();
	}

	/**
	 * Wake every waiting reader, empty-handed, and answer later waits at once: the server is stopping.
	 */
	@Override
	public void close() {
		setWaitsAllowed(false);
	}

	/**
	 * Allow reads to wait for messages, or end the waiting ones empty-handed and answer later waits at once, as
	 * while the server stops.
	 */
	@Override
	public void setWaitsAllowed(boolean allowed) {
		locked(() -> {
			this.waits.allow(allowed);
			return null;
		});
	}

	private static void requireRoom(ReadPositions positions, Topic topic) {
		if (!positions.hasRoomFor(topic)) {
			throw new TooManyReadPositionsException(positions.size());
		}
	}

	private boolean hasNewer(String topic, long after) {
		Topic found = this.holdings.find(topic);
		return found != null && found.hasNewerThan(after);
	}

	/**
	 * Read one message, and count it in its topic's rate.
	 */
	private Optional<StoredMessage> read(boolean latest, String topic, long after) {
		if (!hasNewer(topic, after)) {
			return Optional.empty();
		}
		return locked(() -> {
			Topic found = this.holdings.find(topic);
			if (found == null || !found.hasNewerThan(after)) {
				return Optional.empty();
			}
			return read(latest, found, after, false, null);
		});
	}

	/**
	 * Read one message, and count it in its topic's rate; call with the lock held. A reader that keeps up finds it
	 * among the topic's newest messages in memory; a connection further back reads ahead of itself, and a read with a
	 * position of its own runs a statement.
	 */
	private Optional<StoredMessage> read(boolean latest, Topic found, long after, boolean metadata,
			@Nullable ReadPositions reader) {
		TopicTail tail = found.tail();
		TopicTail window;
		Optional<StoredMessage> message;
		// the newest message in memory is the topic's newest, whatever came before it
		if (tail != null && (tail.covers(after) || (latest && tail.size() > 0))) {
			message = entryAfter(latest ? tail.newest() : tail.entryAfter(after), after, metadata);
		}
		else if (!latest && reader != null && (window = this.recent.window(reader, found, after)) != null) {
			message = entryAfter(window.entryAfter(after), after, metadata);
		}
		else {
			message = latest ? this.store.latest(found, after, metadata) : this.store.next(found, after, metadata);
		}
		if (message.isPresent()) {
			int interval = this.rates.interval();
			found.counts(interval).delivered(interval);
		}
		return message;
	}

	private static Optional<StoredMessage> entryAfter(RecentMessages.@Nullable Entry entry, long after,
			boolean metadata) {
		return (entry != null && entry.sequence() > after) ? Optional.of(entry.toStored(metadata)) : Optional.empty();
	}

	private <T> T locked(Supplier<T> work) {
		this.lock.lock();
		try {
			return work.get();
		}
		finally {
			this.lock.unlock();
		}
	}

}
