package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Work-queue groups on the store on its own, on a real SQLite store file (where groups are written to their tables
 * as well as kept in memory), with time under the test's control: claims, visibility, deletes, pops, peeks, releases,
 * delays, dead-lettering, expiry, limits and restarts. The protocol's tests run them on the in-memory store.
 */
class WorkQueueTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private static final Duration VISIBILITY = GroupLimits.DEFAULT.visibilityTimeout();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	@TempDir
	Path directory;

	private FileStore store;

	private JdbcTemplate jdbc;

	private TestQueues queues;

	private QueueService queue;

	@BeforeEach
	void createStore() {
		this.store = new FileStore(this.directory.resolve("store.db"));
		this.jdbc = this.store.jdbc();
		this.queues = new TestQueues(this.jdbc, this.clock, TTL, cacheBytes());
		this.queue = this.queues.open();
	}

	@AfterEach
	void destroyStore() {
		this.store.close();
	}

	/**
	 * Return the most bytes the store's newest messages cost in memory beside it: the default, for a reader who keeps
	 * up; subclasses run every test again with a cache of a message or two and with none.
	 */
	long cacheBytes() {
		return HeldLimits.DEFAULT_CACHE_BYTES;
	}


	@Test
	void groupStartsAtTheOldestMessageTheTopicHoldsAndGetsEachOnce() {
		this.queue.put("jobs", body("1"));
		this.queue.put("other", body("x"));
		this.queue.put("jobs", body("2"));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"1\"", "\"2\"");
		this.queue.put("jobs", body("3"));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"3\"");
	}

	@Test
	void groupOfATopicThatHoldsNothingGetsWhatIsPutAfterItsFirstUse() {
		this.queue.put("elsewhere", body("old"));
		assertThat(claim("jobs", "workers")).isEmpty();
		this.queue.put("jobs", body("new"));
		assertThat(claim("jobs", "workers").map(WorkQueueTests::text)).hasValue("\"new\"");
	}

	@Test
	void claimCarriesTheSequenceWhenItWasPutAndTheFirstRetrieval() {
		long sequence = this.queue.put("jobs", body("1"));
		long sent = this.clock.millis();
		this.clock.advance(Duration.ofSeconds(3));
		GroupMessage claimed = claim("jobs", "workers").orElseThrow();
		assertThat(claimed.sequence()).isEqualTo(sequence);
		assertThat(claimed.sentMillis()).isEqualTo(sent);
		assertThat(claimed.firstRetrievedMillis()).isEqualTo(sent + 3000);
		assertThat(claimed.retrievalCount()).isEqualTo(1);
	}

	@Test
	void claimedMessageIsClaimedAgainOnlyOnceItsVisibilityRunsOut() {
		this.queue.put("jobs", body("1"));
		this.queue.put("jobs", body("2"));
		GroupMessage first = claim("jobs", "workers").orElseThrow();
		long firstRetrieved = first.firstRetrievedMillis();
		assertThat(claim("jobs", "workers").map(WorkQueueTests::text)).hasValue("\"2\"");
		assertThat(claim("jobs", "workers")).isEmpty();
		this.clock.advance(VISIBILITY.minusMillis(1));
		assertThat(claim("jobs", "workers")).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		GroupMessage again = claim("jobs", "workers").orElseThrow();
		assertThat(again.sequence()).isEqualTo(first.sequence());
		assertThat(again.retrievalCount()).isEqualTo(2);
		assertThat(again.firstRetrievedMillis()).isEqualTo(firstRetrieved);
		assertThat(depth("jobs", "workers").redelivered()).isEqualTo(1);
	}

	@Test
	void claimLastsTheVisibilityItAsksFor() {
		this.queue.put("jobs", body("1"));
		this.queue.take(Take.CLAIM, "jobs", "workers", Duration.ofMillis(1500));
		this.clock.advance(Duration.ofMillis(1499));
		assertThat(claim("jobs", "workers")).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(claim("jobs", "workers")).isPresent();
	}

	@Test
	void deletedMessageIsNeverClaimedAgainAndDeletingItAgainChangesNothing() {
		long first = this.queue.put("jobs", body("1"));
		this.queue.put("jobs", body("2"));
		claim("jobs", "workers");
		this.queue.delete("jobs", "workers", first);
		this.queue.delete("jobs", "workers", first);
		this.clock.advance(VISIBILITY);
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"2\"");
		assertThat(depth("jobs", "workers").available()).isZero();
	}

	@Test
	void messagesDeletedOutOfOrderAreAllDoneAndLeaveNoRowsBehind() {
		List<Long> sequences = new ArrayList<>();
		for (int i = 1; i <= 5; i++) {
			sequences.add(this.queue.put("jobs", body(String.valueOf(i))));
		}
		assertThat(claimAll(this.queue, "jobs", "workers")).hasSize(5);
		for (int i : new int[] { 3, 1, 4, 0, 2 }) {
			this.queue.delete("jobs", "workers", sequences.get(i));
		}
		this.clock.advance(VISIBILITY);
		assertThat(claim("jobs", "workers")).isEmpty();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM group_message", Long.class)).isZero();
		assertThat(this.jdbc.queryForObject("SELECT done_through FROM consumer_group", Long.class))
			.isEqualTo(sequences.get(4));
		this.queue.put("jobs", body("6"));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"6\"");
	}

	@Test
	void deleteBeforeAnyClaimMarksTheMessageDone() {
		long first = this.queue.put("jobs", body("1"));
		long second = this.queue.put("jobs", body("2"));
		this.queue.delete("jobs", "workers", second);
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"1\"");
		this.queue.delete("jobs", "workers", first);
		this.queue.delete("jobs", "workers", 999);
		this.queue.delete("other", "workers", first);
		this.clock.advance(VISIBILITY);
		assertThat(claim("jobs", "workers")).isEmpty();
	}

	@Test
	void popClaimsAndDeletesInOneStep() {
		this.queue.put("jobs", body("1"));
		this.queue.put("jobs", body("2"));
		GroupMessage popped = this.queue.take(Take.POP, "jobs", "workers", null).orElseThrow();
		assertThat(text(popped)).isEqualTo("\"1\"");
		assertThat(popped.retrievalCount()).isEqualTo(1);
		this.clock.advance(VISIBILITY);
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"2\"");
	}

	@Test
	void peekReturnsWhatAGetWouldWithoutClaimingOrCountingIt() {
		this.queue.put("jobs", body("1"));
		GroupMessage peeked = this.queue.take(Take.PEEK, "jobs", "workers", null).orElseThrow();
		assertThat(peeked.retrievalCount()).isZero();
		assertThat(peeked.firstRetrievedMillis()).isZero();
		GroupMessage claimed = claim("jobs", "workers").orElseThrow();
		assertThat(claimed.sequence()).isEqualTo(peeked.sequence());
		assertThat(claimed.retrievalCount()).isEqualTo(1);
		assertThat(this.queue.take(Take.PEEK, "jobs", "workers", null)).isEmpty();
		this.clock.advance(VISIBILITY);
		assertThat(this.queue.take(Take.PEEK, "jobs", "workers", null).map(GroupMessage::retrievalCount)).hasValue(1);
	}

	@Test
	void releasedClaimIsAvailableAgainAfterItsDelay() {
		long first = this.queue.put("jobs", body("1"));
		claim("jobs", "workers");
		this.queue.release("jobs", "workers", first, Duration.ZERO);
		assertThat(claim("jobs", "workers").map(GroupMessage::retrievalCount)).hasValue(2);
		this.queue.release("jobs", "workers", first, Duration.ofSeconds(5));
		this.clock.advance(Duration.ofMillis(4999));
		assertThat(claim("jobs", "workers")).isEmpty();
		this.clock.advance(Duration.ofMillis(1));
		assertThat(claim("jobs", "workers").map(GroupMessage::retrievalCount)).hasValue(3);
	}

	@Test
	void oldestClaimGivenBackAmongThousandsInFlightIsClaimedNext() {
		List<Long> sequences = new ArrayList<>();
		for (int i = 0; i < 2000; i++) {
			sequences.add(this.queue.put("jobs", body(Integer.toString(i))));
		}
		assertThat(claimAll(this.queue, "jobs", "workers")).hasSize(2000);
		this.queue.release("jobs", "workers", sequences.get(1500), Duration.ZERO);
		this.queue.release("jobs", "workers", sequences.get(700), Duration.ZERO);
		this.queue.put("jobs", body("new"));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"700\"", "\"1500\"", "\"new\"");
		this.queue.delete("jobs", "workers", sequences.get(0));
		this.clock.advance(VISIBILITY);
		assertThat(claim("jobs", "workers").map(WorkQueueTests::text)).hasValue("\"1\"");
	}

	@Test
	void messagesClaimedPastADelayedOneAreNotClaimedAgainAndItIsClaimedWhenItsDelayEnds() {
		this.queue.put("jobs", body("1"));
		this.queue.putAll(List.of(new QueueService.NewMessage("jobs", body("later"), null, Duration.ofSeconds(10))));
		long third = this.queue.put("jobs", body("3"));
		this.queue.put("jobs", body("4"));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"1\"", "\"3\"", "\"4\"");
		this.queue.delete("jobs", "workers", third);
		this.queue.put("jobs", body("5"));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"5\"");
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"later\"");
		assertThat(depth("jobs", "workers").claimed()).isEqualTo(4);
	}

	@Test
	void releaseOfAMessageNotClaimedOrDeletedChangesNothing() {
		long first = this.queue.put("jobs", body("1"));
		this.queue.release("jobs", "workers", first, Duration.ofSeconds(30));
		assertThat(claim("jobs", "workers")).isPresent();
		this.queue.delete("jobs", "workers", first);
		this.queue.release("jobs", "workers", first, Duration.ZERO);
		assertThat(claim("jobs", "workers")).isEmpty();
	}

	@Test
	void delayedPutIsSeenByBroadcastReadersAtOnceAndByGroupsAfterTheDelay() {
		long start = this.queue.lastSequence();
		this.queue.putAll(List.of(new QueueService.NewMessage("jobs", body("later"), null, Duration.ofSeconds(10))));
		this.queue.put("jobs", body("now"));
		assertThat(this.queue.next("jobs", start).map(StoredMessage::body).map(WorkQueueTests::text))
			.hasValue("\"later\"");
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"now\"");
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"later\"");
	}

	@Test
	void twoGroupsAndABroadcastReaderOfOneTopicEachGetEveryMessage() {
		ReadPositions reader = new ReadPositions(this.queue.lastSequence(), 10);
		this.queue.put("jobs", body("1"));
		this.queue.put("jobs", body("2"));
		assertThat(this.queue.take(Take.POP, "jobs", "billing", null).map(WorkQueueTests::text)).hasValue("\"1\"");
		assertThat(claimAll(this.queue, "jobs", "shipping")).containsExactly("\"1\"", "\"2\"");
		assertThat(claimAll(this.queue, "jobs", "billing")).containsExactly("\"2\"");
		assertThat(this.queue.next("jobs", reader).map(StoredMessage::body).map(WorkQueueTests::text))
			.hasValue("\"1\"");
		assertThat(this.queue.next("jobs", reader).map(StoredMessage::body).map(WorkQueueTests::text))
			.hasValue("\"2\"");
	}

	@Test
	void messageClaimedTheMostTimesIsDeadLetteredWhenItWouldBeClaimedAgain() {
		this.queue.put("jobs", body("poison"));
		for (int i = 1; i <= 5; i++) {
			assertThat(claim("jobs", "workers").map(GroupMessage::retrievalCount)).hasValue(i);
			this.clock.advance(VISIBILITY);
		}
		this.queue.put("jobs", body("fine"));
		assertThat(claim("jobs", "workers").map(WorkQueueTests::text)).hasValue("\"fine\"");
		assertThat(this.queue.next("jobs.dead-letter", 0).map(StoredMessage::body).map(WorkQueueTests::text))
			.hasValue("\"poison\"");
		assertThat(depth("jobs", "workers").deadLettered()).isEqualTo(1);
		this.clock.advance(VISIBILITY);
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"fine\"");
	}

	@Test
	void deadLetteredMessageKeepsItsHeadersAndGainsOnesNamingWhereItCameFrom() {
		QueueService once = this.queues.open(new GroupLimits(VISIBILITY, 1, 100, 10_000));
		long sequence = once.putAll(List.of(new QueueService.NewMessage("jobs", body("poison"),
				"{\"trace\": \"t\u00e9\", \"dead-letter-group\": \"forged\"}".getBytes(StandardCharsets.UTF_8))))
			.sequence(0);
		once.take(Take.CLAIM, "jobs", "wörkers", null);
		this.clock.advance(VISIBILITY);
		assertThat(once.take(Take.CLAIM, "jobs", "wörkers", null)).isEmpty();
		GroupMessage dead = once.take(Take.PEEK, "jobs.dead-letter", "inspectors", null).orElseThrow();
		assertThat(text(dead)).isEqualTo("\"poison\"");
		assertThat(text(dead.message().metadata().headers())).isEqualTo("{\"trace\":\"té\",\"dead-letter-group\":"
				+ "\"wörkers\",\"dead-letter-topic\":\"jobs\",\"dead-letter-seq\":\"" + sequence + "\","
				+ "\"dead-letter-retrieval-count\":\"1\"}");
	}

	@Test
	void peekPassesOverAMessageDueToBeDeadLetteredAndLeavesIt() {
		QueueService once = this.queues.open(new GroupLimits(VISIBILITY, 1, 100, 10_000));
		once.put("jobs", body("poison"));
		once.put("jobs", body("fine"));
		once.take(Take.CLAIM, "jobs", "workers", null);
		this.clock.advance(VISIBILITY);
		assertThat(once.take(Take.PEEK, "jobs", "workers", null).map(WorkQueueTests::text)).hasValue("\"fine\"");
		assertThat(once.next("jobs.dead-letter", 0)).isEmpty();
		assertThat(once.take(Take.POP, "jobs", "workers", null).map(WorkQueueTests::text)).hasValue("\"fine\"");
		assertThat(once.next("jobs.dead-letter", 0)).isPresent();
	}

	@Test
	void noMessageIsDeadLetteredWhenMaxRetrievalsIsZero() {
		QueueService never = this.queues.open(new GroupLimits(VISIBILITY, 0, 100, 10_000));
		never.put("jobs", body("again"));
		for (int i = 1; i <= 20; i++) {
			assertThat(never.take(Take.CLAIM, "jobs", "workers", null).map(GroupMessage::retrievalCount)).hasValue(i);
			this.clock.advance(VISIBILITY);
		}
		assertThat(never.next("jobs.dead-letter", 0)).isEmpty();
	}

	@Test
	void expiredMessagesGoForGroupsTooWithTheirClaimsAndAreCountedAsLost() {
		this.queue.put("jobs", body("1"));
		this.queue.put("jobs", body("2"));
		claim("jobs", "workers");
		claim("jobs", "idle");
		this.clock.advance(Duration.ofSeconds(1));
		this.queue.put("jobs", body("3"));
		// used since the messages were put, so not forgotten with them
		this.queue.take(Take.PEEK, "jobs", "workers", null);
		this.queue.take(Take.PEEK, "jobs", "idle", null);
		this.clock.advance(TTL.minusSeconds(1));
		assertThat(this.queue.purgeExpired()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM group_message", Long.class)).isZero();
		assertThat(depth("jobs", "workers").lost()).isEqualTo(2);
		assertThat(depth("jobs", "workers").available()).isEqualTo(1);
		assertThat(this.queue.heldBytes()).isEqualTo(Costs.topic("jobs") + Costs.message(3)
				+ Costs.group("jobs", "workers") + Costs.group("jobs", "idle"));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"3\"");
	}

	@Test
	void topicLimitDropsMessagesForGroupsTooAndCountsThem() {
		QueueService limited = this.queues.open(new HeldLimits(2, Long.MAX_VALUE));
		long dropped = limited.put("jobs", body("1"));
		limited.take(Take.CLAIM, "jobs", "workers", null);
		limited.put("jobs", body("2"));
		limited.put("jobs", body("3"));
		assertThat(limited.holdings().droppedForTopicLimit()).isEqualTo(1);
		assertThat(limited.group("jobs", "workers").map(GroupDepth::lost)).hasValue(1L);
		assertThat(claimAll(limited, "jobs", "workers")).containsExactly("\"2\"", "\"3\"");
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM group_message WHERE seq = ?", Long.class, dropped))
			.isZero();
	}

	@Test
	void heldBytesCountEachGroupAndItsRowsOfMessages() {
		this.queue.put("jobs", body("1"));
		long messages = this.queue.heldBytes();
		claim("jobs", "workers");
		assertThat(this.queue.heldBytes()).isEqualTo(messages + Costs.group("jobs", "workers") + Costs.GROUP_ROW);
		this.queue.take(Take.PEEK, "jobs", "lookers", null);
		assertThat(this.queue.heldBytes())
			.isEqualTo(messages + Costs.group("jobs", "workers") + Costs.GROUP_ROW + Costs.group("jobs", "lookers"));
		this.clock.advance(TTL);
		this.queue.purgeExpired();
		assertThat(this.queue.heldBytes()).isZero();
	}

	@Test
	void groupNobodyUsesForTheTimeToLiveIsForgottenAndStartsAgainAtTheOldestMessage() {
		this.queue.put("jobs", body("1"));
		claim("jobs", "workers");
		this.clock.advance(TTL.minusSeconds(1));
		this.queue.put("jobs", body("2"));
		this.clock.advance(Duration.ofSeconds(1));
		this.queue.purgeExpired();
		assertThat(this.queue.groupCount()).isZero();
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM consumer_group", Long.class)).isZero();
		assertThat(this.queue.heldBytes()).isEqualTo(Costs.topic("jobs") + Costs.message(3));
		assertThat(claimAll(this.queue, "jobs", "workers")).containsExactly("\"2\"");
	}

	@Test
	void groupInUseIsKeptPastTheTimeToLive() {
		claim("jobs", "workers");
		for (int i = 0; i < 3; i++) {
			this.clock.advance(TTL.dividedBy(2));
			claim("jobs", "workers");
			this.queue.purgeExpired();
		}
		assertThat(this.queue.groupCount()).isEqualTo(1);
	}

	@Test
	void claimsDeletesAndWhereAGroupIsUpToSurviveAReopen() {
		this.queue.put("jobs", body("1"));
		long second = this.queue.put("jobs", body("2"));
		this.queue.put("jobs", body("3"));
		this.queue.take(Take.POP, "jobs", "workers", null);
		claim("jobs", "workers");
		this.queue.delete("jobs", "workers", second + 1);
		this.queue.purgeExpired();
		QueueService reopened = this.queues.open();
		assertThat(reopened.take(Take.CLAIM, "jobs", "workers", null)).isEmpty();
		assertThat(reopened.group("jobs", "workers").map(GroupDepth::claimed)).hasValue(1L);
		assertThat(reopened.heldBytes()).isEqualTo(this.queue.heldBytes());
		this.clock.advance(VISIBILITY);
		GroupMessage again = reopened.take(Take.CLAIM, "jobs", "workers", null).orElseThrow();
		assertThat(again.sequence()).isEqualTo(second);
		assertThat(again.retrievalCount()).isEqualTo(2);
	}

	@Test
	void figuresCountWhatIsAvailableAndWhatIsClaimed() {
		for (int i = 1; i <= 4; i++) {
			this.queue.put("jobs", body(String.valueOf(i)));
		}
		this.queue.putAll(List.of(new QueueService.NewMessage("jobs", body("later"), null, Duration.ofSeconds(5))));
		long claimed = claim("jobs", "workers").orElseThrow().sequence();
		claim("jobs", "workers");
		this.queue.delete("jobs", "workers", claimed);
		GroupDepth depth = depth("jobs", "workers");
		assertThat(depth.claimed()).isEqualTo(1);
		assertThat(depth.available()).isEqualTo(2);
		this.clock.advance(VISIBILITY);
		depth = depth("jobs", "workers");
		assertThat(depth.claimed()).isZero();
		assertThat(depth.available()).isEqualTo(4);
	}

	@Test
	void aGroupMoreThanATopicMayHaveIsRefusedAndTheOthersGoOn() {
		QueueService limited = this.queues.open(new GroupLimits(VISIBILITY, 5, 2, 3));
		limited.put("jobs", body("1"));
		limited.take(Take.PEEK, "jobs", "a", null);
		limited.take(Take.PEEK, "jobs", "b", null);
		assertThatExceptionOfType(TooManyGroupsException.class)
			.isThrownBy(() -> limited.take(Take.CLAIM, "jobs", "c", null))
			.withMessage("topic 'jobs' has 2 groups, the most it may (dsmq.groups.max-per-topic)");
		limited.take(Take.PEEK, "other", "a", null);
		assertThatExceptionOfType(TooManyGroupsException.class)
			.isThrownBy(() -> limited.delete("more", "a", 1))
			.withMessage("the server has 3 groups, the most it may (dsmq.groups.max-total)");
		assertThat(limited.take(Take.CLAIM, "jobs", "a", null)).isPresent();
	}

	@Test
	void waitForAGroupIsWokenByAPutToItsTopic() throws Exception {
		claim("jobs", "workers");
		CompletableFuture<Boolean> wait = CompletableFuture
			.supplyAsync(() -> this.queue.awaitAvailable(Take.CLAIM, "jobs", "workers", Duration.ofSeconds(30)));
		await().until(() -> this.queue.waitingReaders() == 1);
		this.queue.put("other", body("not this"));
		assertThat(wait).isNotDone();
		this.queue.put("jobs", body("this"));
		assertThat(wait.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void waitForAGroupIsWokenByARelease() throws Exception {
		long sequence = this.queue.put("jobs", body("1"));
		claim("jobs", "workers");
		CompletableFuture<Boolean> wait = CompletableFuture
			.supplyAsync(() -> this.queue.awaitAvailable(Take.CLAIM, "jobs", "workers", Duration.ofSeconds(30)));
		await().until(() -> this.queue.waitingReaders() == 1);
		this.queue.release("jobs", "workers", sequence, Duration.ZERO);
		assertThat(wait.get(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void waitForAGroupEndsByItselfWhenAClaimRunsOut() throws Exception {
		try (InMemoryStore own = new InMemoryStore()) {
			QueueService realTime = this.queues.open(own.jdbc(), Clock.systemUTC());
			realTime.put("jobs", body("1"));
			realTime.take(Take.CLAIM, "jobs", "workers", Duration.ofMillis(200));
			assertThat(realTime.awaitAvailable(Take.CLAIM, "jobs", "workers", Duration.ofSeconds(30))).isTrue();
			assertThat(realTime.take(Take.CLAIM, "jobs", "workers", null).map(GroupMessage::retrievalCount))
				.hasValue(2);
		}
	}

	@Test
	void waitForAGroupReturnsAtOnceWhenAMessageIsAvailable() {
		this.queue.put("jobs", body("1"));
		assertThat(this.queue.awaitAvailable(Take.CLAIM, "jobs", "workers", Duration.ZERO)).isFalse();
		claim("jobs", "lookers");
		assertThat(this.queue.awaitAvailable(Take.CLAIM, "jobs", "lookers", Duration.ZERO)).isFalse();
		this.queue.take(Take.PEEK, "jobs", "workers", null);
		assertThat(this.queue.awaitAvailable(Take.CLAIM, "jobs", "workers", Duration.ofSeconds(30))).isTrue();
	}

	@Test
	void inMemoryStoreKeepsGroupsInMemoryAloneAndWritesNoTableOfThem() {
		try (InMemoryStore memory = new InMemoryStore()) {
			QueueService queue = this.queues.open(memory.jdbc(), this.clock);
			List<Long> sequences = new ArrayList<>();
			for (int i = 1; i <= 4; i++) {
				sequences.add(queue.put("jobs", body(String.valueOf(i))));
			}
			assertThat(claimAll(queue, "jobs", "workers")).hasSize(4);
			queue.delete("jobs", "workers", sequences.get(2));
			queue.release("jobs", "workers", sequences.get(0), Duration.ZERO);
			assertThat(queue.take(Take.POP, "jobs", "workers", null).map(GroupMessage::sequence))
				.hasValue(sequences.get(0));
			assertThat(queue.group("jobs", "workers").map(GroupDepth::claimed)).hasValue(2L);
			assertThat(memory.jdbc().queryForObject("SELECT count(*) FROM consumer_group", Long.class)).isZero();
			assertThat(memory.jdbc().queryForObject("SELECT count(*) FROM group_message", Long.class)).isZero();
		}
	}

	private Optional<GroupMessage> claim(String topic, String group) {
		return this.queue.take(Take.CLAIM, topic, group, null);
	}

	private GroupDepth depth(String topic, String group) {
		return this.queue.group(topic, group).orElseThrow();
	}

	private static List<String> claimAll(QueueService queue, String topic, String group) {
		List<String> messages = new ArrayList<>();
		Optional<GroupMessage> next;
		while ((next = queue.take(Take.CLAIM, topic, group, null)).isPresent()) {
			messages.add(text(next.get()));
		}
		return messages;
	}

	private static byte[] body(String message) {
		return ("\"" + message + "\"").getBytes(StandardCharsets.UTF_8);
	}

	private static String text(GroupMessage message) {
		return text(message.body());
	}

	private static String text(byte[] body) {
		return new String(body, StandardCharsets.UTF_8);
	}

}
