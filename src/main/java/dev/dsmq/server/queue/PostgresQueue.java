package dev.dsmq.server.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

import javax.sql.DataSource;

import dev.dsmq.server.queue.QueueService.NewMessage;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The queue on a PostgreSQL database that any number of nodes share: every message, group and claim is in the
 * database, so that a put on one node is read on every other, and a node keeps nothing that another node can change
 * but as a hint (the newest sequence number it has seen, the ids of groups, what the last expiry counted).
 * <p>
 * A connection's read positions stay on its own node, as on SQLite; they are kept per topic name for the node's
 * life, since no node knows when another empties a topic. Waits are woken across nodes by {@link PostgresWaits}.
 * Expiry and the limits run on one node at a time ({@link PostgresHousekeeping}). A statement that cannot reach the
 * database fails with a {@link StoreUnavailableException}, which the request that needed it is refused with;
 * HikariCP connects again by itself once the database is back.
 */
public final class PostgresQueue implements MessageQueue {

	/** How often a node stores that it uses a group, in milliseconds. */
	private static final long USE_STORED_EVERY = 1000;

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration timeToLive;

	private final HeldLimits limits;

	private final GroupLimits groupLimits;

	private final PostgresWaits waits;

	private final PostgresTransactions transactions;

	/** What read positions are kept by, one per topic name read on this node. */
	private final Map<String, Topic> topics = new ConcurrentHashMap<>();

	/** The groups used on this node, by their ids; one forgotten by expiry is created again. */
	private final Map<GroupKey, GroupUse> groupIds = new ConcurrentHashMap<>();

	/** The newest sequence number this node has put or been told of. */
	private final AtomicLong newestSeen = new AtomicLong();

	private volatile PostgresHousekeeping.Counts counts = PostgresHousekeeping.Counts.NONE;

	private final Lock passes = new ReentrantLock();

	PostgresQueue(DataSource dataSource, Clock clock, Duration timeToLive, HeldLimits limits,
			GroupLimits groupLimits) {
		if (timeToLive.isNegative() || timeToLive.isZero()) {
			throw new IllegalArgumentException("time to live must be positive, not " + timeToLive);
		}
		this.jdbc = new JdbcTemplate(dataSource);
		this.clock = clock;
		this.timeToLive = timeToLive;
		this.limits = limits;
		this.groupLimits = groupLimits;
		this.transactions = new PostgresTransactions(this.jdbc);
		this.newestSeen.set(this.transactions.read(PostgresMessages::last));
		this.waits = new PostgresWaits(dataSource);
	}

	@Override
	public PutOutcome putAll(List<NewMessage> messages) {
		PutOutcome outcome = new PutOutcome(messages.size());
		try {
			long last = this.transactions.change(StoreConnection.Change.PUT,
					(connection) -> PostgresMessages.insert(connection, messages, this.clock.millis()));
			long first = last - messages.size() + 1;
			for (int i = 0; i < messages.size(); i++) {
				outcome.stored(i, first + i);
			}
			this.newestSeen.accumulateAndGet(last, Math::max);
			messages.forEach((message) -> this.waits.wake(message.topic()));
		}
		catch (StoreUnavailableException ex) {
			for (int i = 0; i < messages.size(); i++) {
				outcome.refused(i, ex);
			}
		}
		catch (RuntimeException ex) {
			if (messages.size() == 1) {
				outcome.refused(0, ex);
				return outcome;
			}
			// one message the database refuses (a topic with a NUL character) must not take the others with it
			for (int i = 0; i < messages.size(); i++) {
				PutOutcome one = putAll(List.of(messages.get(i)));
				RuntimeException failure = one.failure();
				if (failure != null) {
					outcome.refused(i, failure);
				}
				else {
					outcome.stored(i, one.sequence(0));
				}
			}
		}
		return outcome;
	}

	@Override
	public Optional<StoredMessage> read(String topic, ReadPositions positions, ReadOptions options) {
		Topic key = key(topic);
		long after = options.movesPosition() ? options.after() : positions.of(key);
		Optional<StoredMessage> message = this.transactions
			.read((connection) -> PostgresMessages.read(connection, options.latest(), topic, after, options.metadata()));
		if (message.isPresent()) {
			requireRoom(positions, key);
			positions.moveTo(key, message.get().sequence());
		}
		else if (options.movesPosition()
				&& this.transactions.read((connection) -> PostgresMessages.hasNewer(connection, topic, 0))) {
			// as on SQLite, a read from a number moves the position there only in a topic that holds messages
			requireRoom(positions, key);
			positions.moveTo(key, options.after());
		}
		return message;
	}

	@Override
	public boolean awaitNewer(String topic, ReadPositions positions, Duration wait) {
		long after = positions.of(key(topic));
		return await(topic, wait, () -> this.transactions
			.read((connection) -> PostgresMessages.hasNewer(connection, topic, after)) ? 0 : Long.MAX_VALUE);
	}

	@Override
	public boolean awaitAvailable(Take take, String topic, String group, Duration wait) {
		return await(topic, wait, () -> untilAvailable(topic, group));
	}

	/**
	 * Look at the store, and if the reader is not ready, sleep until woken, the time is up or the reader is due to
	 * be ready by the clock, then look again.
	 */
	private boolean await(String topic, Duration wait, Readiness readiness) {
		long generation = this.waits.generation(topic);
		long until;
		try {
			until = readiness.millisUntilReady();
		}
		catch (RuntimeException ex) {
			this.waits.leave(topic);
			throw ex;
		}
		if (until == 0 || wait.isNegative() || wait.isZero() || !this.waits.allowed()) {
			this.waits.leave(topic);
			return until == 0;
		}
		this.waits.sleep(topic, generation, (until < wait.toMillis()) ? Duration.ofMillis(until) : wait);
		return readiness.millisUntilReady() == 0;
	}

	/**
	 * What a waiting reader waits for.
	 */
	@FunctionalInterface
	private interface Readiness {

		/**
		 * Return 0 if the reader is ready, else how many milliseconds until it may be without being woken, or
		 * {@link Long#MAX_VALUE}.
		 */
		long millisUntilReady();

	}

	@Override
	public boolean waitsAllowed() {
		return this.waits.allowed();
	}

	@Override
	public void setWaitsAllowed(boolean allowed) {
		this.waits.allow(allowed);
	}

	/**
	 * Return 0: no node knows how large the messages are that other nodes put, so a read takes room in memory for its
	 * message once it has read it.
	 */
	@Override
	public long largestBody(String topic) {
		return 0;
	}

	/**
	 * Return the last sequence number committed on any node, or, while the database cannot be reached, the newest
	 * this node has put or read.
	 */
	@Override
	public long lastSequence() {
		if (this.transactions.isUnavailable()) {
			return this.newestSeen.get();
		}
		try {
			long last = this.transactions.read(PostgresMessages::last);
			return this.newestSeen.accumulateAndGet(last, Math::max);
		}
		catch (RuntimeException ex) {
			return this.newestSeen.get();
		}
	}

	@Override
	public Optional<GroupMessage> take(Take take, String topic, String group, @Nullable Duration visibility) {
		Duration lasts = (visibility != null) ? visibility : this.groupLimits.visibilityTimeout();
		// a claim of less than a millisecond is one of a millisecond, not one that has run out already
		long millis = Math.max(1, lasts.toMillis());
		PostgresTake.Result result = inGroup(topic, group, (connection, id) -> new PostgresTake(connection, id, topic,
				group, this.clock.millis(), this.groupLimits.maxRetrievals())
			.take(take, millis), PostgresTake.Result::deleted);
		if (result.deadLettered() > 0) {
			this.newestSeen.accumulateAndGet(result.deadLettered(), Math::max);
			this.waits.wake(topic + WorkQueues.DEAD_LETTER_SUFFIX);
		}
		return Optional.ofNullable(result.message());
	}

	@Override
	public void delete(String topic, String group, long sequence) {
		inGroup(topic, group, (connection, id) -> {
			PostgresGroups.delete(connection, id, topic, sequence);
			return Boolean.TRUE;
		}, Boolean::booleanValue);
	}

	@Override
	public void release(String topic, String group, long sequence, Duration delay) {
		long availableAt = this.clock.millis() + delay.toMillis();
		boolean released = inGroup(topic, group, (connection, id) -> {
			boolean done = PostgresGroups.release(connection, id, sequence, availableAt);
			if (done) {
				// a reader waiting for the group on any node sleeps until the claims it knew of run out
				PostgresMessages.notify(connection, Set.of(PostgresMessages.payload(topic)));
			}
			return done;
		}, (done) -> false);
		if (released) {
			this.waits.wake(topic);
		}
	}

	/**
	 * Return how long until a read of the group may find a message: 0 if one may now (one due to be dead-lettered
	 * too, since moving it is progress), {@link Long#MAX_VALUE} if only a put or a release can bring one.
	 */
	private long untilAvailable(String topic, String group) {
		Long id = knownGroup(topic, group);
		if (id == null) {
			return Long.MAX_VALUE;
		}
		long now = this.clock.millis();
		long next = this.transactions.read((connection) -> {
			long doneThrough = PostgresGroups.doneThrough(connection, id);
			if (doneThrough < 0) {
				return Long.MAX_VALUE;
			}
			if (PostgresGroups.candidate(connection, id, topic, doneThrough, now, false) != null) {
				return now;
			}
			return PostgresGroups.nextAvailable(connection, id, topic, doneThrough, now);
		});
		return (next == Long.MAX_VALUE) ? next : Math.max(0, next - now);
	}

	@Override
	public Optional<GroupDepth> group(String topic, String group) {
		Long id = knownGroup(topic, group);
		if (id == null) {
			return Optional.empty();
		}
		long now = this.clock.millis();
		return this.transactions.read((connection) -> {
			long doneThrough = PostgresGroups.doneThrough(connection, id);
			return (doneThrough < 0) ? Optional.empty()
					: Optional.of(PostgresGroups.depth(connection, id, topic, group, doneThrough, now));
		});
	}

	@Override
	public int groupCount() {
		return (int) Math.min(Integer.MAX_VALUE, this.counts.groups());
	}

	/**
	 * Run expiry and the limits if no other node is running them, then read what the store holds as last counted.
	 * @return how many messages this node deleted as expired
	 */
	@Override
	public int purgeExpired() {
		// this node's passes one after another, so that only another node's pass makes one give way: a pass asked
		// for while the scheduled one runs is not skipped
		this.passes.lock();
		try {
			long now = this.clock.millis();
			long cutoff = now - this.timeToLive.toMillis();
			long expired = this.transactions.inStatements(StoreConnection.Change.EXPIRY,
					(connection) -> PostgresHousekeeping.run(connection, now, cutoff, this.limits));
			this.counts = this.transactions.read(PostgresHousekeeping::counts);
			return (int) Math.max(0, expired);
		}
		finally {
			this.passes.unlock();
		}
	}

	@Override
	public QueueStats stats() {
		PostgresHousekeeping.Counts held = this.counts;
		return new QueueStats(held.topics(), held.messages());
	}

	@Override
	public Optional<String> storeProblem() {
		Optional<String> failure = this.transactions.failure();
		if (failure.isPresent()) {
			return failure;
		}
		try {
			this.transactions.read((connection) -> PostgresMessages.last(connection));
			return Optional.empty();
		}
		catch (RuntimeException ex) {
			return Optional.of(ex.getMessage());
		}
	}

	@Override
	public String storeName() {
		return "postgresql";
	}

	@Override
	public List<TopicDepth> topics(long offset, int limit) {
		long now = this.clock.millis();
		return this.transactions.read((connection) -> PostgresTopics.page(connection, offset, limit, now));
	}

	@Override
	public long heldBytes() {
		return this.counts.bytes();
	}

	/**
	 * Return what the store held and what left it, as the node that ran the last expiry counted it.
	 */
	PostgresHousekeeping.Counts counts() {
		return this.counts;
	}

	@Override
	public int waitingReaders() {
		return this.waits.waiting();
	}

	/**
	 * Wake every waiting reader, empty-handed, and stop listening for other nodes' puts: the server is stopping.
	 */
	@Override
	public void close() {
		setWaitsAllowed(false);
		this.waits.close();
	}

	private Topic key(String topic) {
		return this.topics.computeIfAbsent(topic, (name) -> new Topic(0, name));
	}

	private static void requireRoom(ReadPositions positions, Topic topic) {
		if (!positions.hasRoomFor(topic)) {
			throw new TooManyReadPositionsException(positions.size());
		}
	}

	/**
	 * Return the id of the group if it exists, from this node's memory or the store.
	 */
	private @Nullable Long knownGroup(String topic, String group) {
		GroupUse use = this.groupIds.get(new GroupKey(topic, group));
		if (use != null) {
			return use.id;
		}
		long found = this.transactions.read((connection) -> PostgresGroups.find(connection, topic, group));
		return (found != 0) ? found : null;
	}

	/**
	 * Change a group in one transaction, creating it on its first use. A group that expiry forgot meanwhile (on any
	 * node) is created again and the change made once more.
	 * @param deleted whether the change marked a message deleted, after which the group's done_through moves on
	 */
	private <T> T inGroup(String topic, String group, GroupWork<T> work, Predicate<T> deleted) {
		GroupKey key = new GroupKey(topic, group);
		for (int attempt = 0;; attempt++) {
			long now = this.clock.millis();
			GroupUse use = this.groupIds.get(key);
			if (use == null) {
				long id = this.transactions.change(StoreConnection.Change.GROUP,
						(connection) -> PostgresGroups.create(connection, topic, group, now, this.groupLimits));
				use = new GroupUse(id, now);
				this.groupIds.put(key, use);
			}
			long id = use.id;
			try {
				if (now - use.storedAt >= USE_STORED_EVERY) {
					// stored apart from the claims, and at most once a second, so that claimers never queue on the
					// group's row: the use only keeps expiry from forgetting the group
					if (!this.transactions.change(StoreConnection.Change.GROUP,
							(connection) -> PostgresGroups.use(connection, id, now))) {
						throw new ForgottenGroupException();
					}
					use.storedAt = now;
				}
				T done = this.transactions.change(StoreConnection.Change.GROUP,
						(connection) -> work.doInGroup(connection, id));
				if (deleted.test(done)) {
					// once the delete has committed, in a statement of its own: two deletes committing together
					// could each miss the other's in their own transaction, and done_through would stay behind
					// until the next expiry, every claim meanwhile passing over the deleted messages again
					this.transactions.inStatements(StoreConnection.Change.GROUP,
							(connection) -> PostgresGroups.advance(connection, id));
				}
				return done;
			}
			catch (ForgottenGroupException | DataIntegrityViolationException ex) {
				this.groupIds.remove(key, use);
				if (attempt > 0) {
					throw ex;
				}
			}
		}
	}

	/**
	 * A group's id, and when this node last stored that it used it.
	 */
	private static final class GroupUse {

		private final long id;

		private volatile long storedAt;

		GroupUse(long id, long storedAt) {
			this.id = id;
			this.storedAt = storedAt;
		}

	}

	/**
	 * Work on one group, by its id, in a transaction.
	 */
	@FunctionalInterface
	private interface GroupWork<T> {

		T doInGroup(Connection connection, long group) throws SQLException;

	}

	/**
	 * A group gone from the store: expiry forgot it as idle.
	 */
	static final class ForgottenGroupException extends RuntimeException {

		ForgottenGroupException() {
			super("the group was forgotten as idle", null, false, false);
		}

	}

	private record GroupKey(String topic, String group) {
	}

}
