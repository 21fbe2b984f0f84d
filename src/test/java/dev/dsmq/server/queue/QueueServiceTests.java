package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;
import static org.awaitility.Awaitility.await;

/**
 * The store on its own, on a real in-memory SQLite database, with time under the test's control.
 */
class QueueServiceTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private InMemoryStore store;

	private JdbcTemplate jdbc;

	private TestQueues queues;

	private QueueService queue;

	@BeforeEach
	void createStore() {
		this.store = new InMemoryStore();
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
	void sequenceNumbersIncreaseStrictlyAcrossTopics() {
		long first = this.queue.put("a", body("1"));
		long second = this.queue.put("b", body("2"));
		long third = this.queue.put("a", body("3"));
		assertThat(first).isLessThan(second);
		assertThat(second).isLessThan(third);
		assertThat(this.queue.lastSequence()).isEqualTo(third);
	}

	@Test
	void lastSequenceStartsAtTheClockInMicrosecondsOnAnEmptyStoreAndFollowsEveryPut() {
		assertThat(this.queue.lastSequence()).isEqualTo(this.clock.millis() * 1000);
		long first = this.queue.put("t", body("1"));
		assertThat(this.queue.lastSequence()).isEqualTo(first);
		long second = this.queue.put("other", body("2"));
		assertThat(this.queue.lastSequence()).isEqualTo(second);
	}

	@Test
	void serverStartedAgainOnAnEmptyStoreNumbersItsMessagesPastEveryNumberTheLastOneGave() {
		long before = this.queue.put("t", body("before the restart"));
		this.store.close();
		this.store = new InMemoryStore();
		this.clock.advance(Duration.ofMillis(1));
		QueueService restarted = this.queues.open(this.store.jdbc(), this.clock);
		long after = restarted.put("t", body("after the restart"));
		assertThat(after).isGreaterThan(before);
		// a reader that resumes after the number it last read from the old server misses nothing of the new one's
		assertThat(restarted.next("t", before)).map(StoredMessage::sequence).contains(after);
	}

	@Test
	void putAllStoresMessagesInTheOrderGivenAndReturnsTheLastSequence() {
		long before = this.queue.put("a", body("0"));
		long last = this.queue.putAll(List.of(new QueueService.NewMessage("a", body("1")),
				new QueueService.NewMessage("b", body("2")), new QueueService.NewMessage("a", body("3"))))
			.sequence(2);
		assertThat(last).isEqualTo(before + 3);
		assertThat(this.queue.lastSequence()).isEqualTo(last);
		StoredMessage first = this.queue.next("a", before).orElseThrow();
		assertThat(text(first)).isEqualTo("\"1\"");
		assertThat(text(this.queue.next("a", first.sequence()).orElseThrow())).isEqualTo("\"3\"");
		assertThat(text(this.queue.next("b", before).orElseThrow())).isEqualTo("\"2\"");
	}

	@Test
	void putAllOfManyMessagesStoresEachRowWithWhatItCarriesInOrder() {
		byte[] headers = "{\"k\": \"v\"}".getBytes(StandardCharsets.UTF_8);
		List<QueueService.NewMessage> messages = new ArrayList<>();
		for (int i = 0; i < 300; i++) {
			// runs of every length and of each kind of row, mixed, across two topics
			boolean withHeaders = (i / 7) % 2 == 1;
			Duration delay = ((i / 40) % 3 == 2) ? Duration.ofSeconds(1 + i) : Duration.ZERO;
			messages.add(new QueueService.NewMessage((i % 5 == 0) ? "b" : "a", body(Integer.toString(i)),
					withHeaders ? headers : null, delay));
		}
		long first = this.queue.lastSequence() + 1;
		PutOutcome outcome = this.queue.putAll(messages);
		assertThat(outcome.storedCount()).isEqualTo(messages.size());
		List<Map<String, Object>> rows = this.jdbc.queryForList("SELECT m.seq, t.name, m.body, m.created_at, "
				+ "m.headers, m.not_before FROM message m JOIN topic t ON t.id = m.topic ORDER BY m.seq");
		assertThat(rows).hasSize(messages.size());
		for (int i = 0; i < messages.size(); i++) {
			QueueService.NewMessage message = messages.get(i);
			Map<String, Object> row = rows.get(i);
			assertThat(((Number) row.get("seq")).longValue()).isEqualTo(first + i).isEqualTo(outcome.sequence(i));
			assertThat(row.get("name")).isEqualTo(message.topic());
			assertThat((byte[]) row.get("body")).isEqualTo(message.body());
			assertThat(((Number) row.get("created_at")).longValue()).isEqualTo(this.clock.millis());
			assertThat((byte[]) row.get("headers")).isEqualTo(message.headers());
			assertThat(row.get("not_before")).isEqualTo(message.delay().isZero() ? null
					: this.clock.millis() + message.delay().toMillis());
		}
		assertThat(readAll(this.queue, "b")).hasSize(60).first().isEqualTo("\"0\"");
	}

	@Test
	void putAllStoresTheMessagesBesideOneTheStoreRefusesInOrder() {
		this.jdbc.execute("CREATE TEMP TRIGGER refuse BEFORE INSERT ON message "
				+ "WHEN NEW.topic = (SELECT id FROM topic WHERE name = 'poison') BEGIN SELECT RAISE(ABORT, 'no'); END");
		PutOutcome outcome = this.queue.putAll(List.of(new QueueService.NewMessage("a", body("1")),
				new QueueService.NewMessage("poison", body("2")), new QueueService.NewMessage("a", body("3"))));
		assertThat(outcome.isStored(0)).isTrue();
		assertThat(outcome.isStored(1)).isFalse();
		assertThat(outcome.isStored(2)).isTrue();
		assertThat(outcome.storedCount()).isEqualTo(2);
		assertThat(outcome.failure()).hasMessageContaining("no");
		assertThat(outcome.sequence(2)).isGreaterThan(outcome.sequence(0));
		assertThat(this.queue.lastSequence()).isEqualTo(outcome.sequence(2));
		assertThat(readAll(this.queue, "a")).containsExactly("\"1\"", "\"3\"");
		assertThat(this.queue.holdings().heldMessages()).isEqualTo(2);
		assertThat(this.queue.holdings().topicCount()).isEqualTo(1);
	}

	@Test
	void nextReturnsMessagesOfATopicInPutOrder() {
		long start = this.queue.lastSequence();
		this.queue.put("t", body("1"));
		this.queue.put("other", body("x"));
		this.queue.put("t", body("2"));
		StoredMessage first = this.queue.next("t", start).orElseThrow();
		StoredMessage second = this.queue.next("t", first.sequence()).orElseThrow();
		assertThat(text(first)).isEqualTo("\"1\"");
		assertThat(text(second)).isEqualTo("\"2\"");
		assertThat(this.queue.next("t", second.sequence())).isEmpty();
	}

	@Test
	void nextReturnsEmptyWhenTopicHasNoNewMessages() {
		this.queue.put("t", body("old"));
		assertThat(this.queue.next("t", this.queue.lastSequence())).isEmpty();
		assertThat(this.queue.next("never-used", 0)).isEmpty();
	}

	@Test
	void topicsAreIndependent() {
		long start = this.queue.lastSequence();
		this.queue.put("a", body("for a"));
		this.queue.put("A", body("for A"));
		this.queue.put("a ", body("for a space"));
		assertThat(this.queue.next("a", start).map(QueueServiceTests::text)).hasValue("\"for a\"");
		assertThat(this.queue.latest("a", start).map(QueueServiceTests::text)).hasValue("\"for a\"");
		assertThat(this.queue.next("A", start).map(QueueServiceTests::text)).hasValue("\"for A\"");
		assertThat(this.queue.next("a ", start).map(QueueServiceTests::text)).hasValue("\"for a space\"");
		assertThat(this.queue.next("b", start)).isEmpty();
		assertThat(this.queue.latest("b", start)).isEmpty();
	}

	@Test
	void latestReturnsTheNewestMessageAfterAPosition() {
		long start = this.queue.lastSequence();
		this.queue.put("t", body("1"));
		long newest = this.queue.put("t", body("2"));
		this.queue.put("other", body("x"));
		Optional<StoredMessage> latest = this.queue.latest("t", start);
		assertThat(latest).hasValueSatisfying((message) -> {
			assertThat(message.sequence()).isEqualTo(newest);
			assertThat(text(message)).isEqualTo("\"2\"");
		});
		assertThat(this.queue.latest("t", newest)).isEmpty();
	}

	@Test
	void bodyBytesRoundTripExactly() {
		byte[] raw = "\"\\u00e9 \u00e9 \\ud83d\\ude00 \ud83d\ude00 \\\"\"".getBytes(StandardCharsets.UTF_8);
		this.queue.put("t", raw);
		assertThat(this.queue.next("t", 0).orElseThrow().body()).isEqualTo(raw);
	}

	@Test
	void purgeKeepsMessagesYoungerThanTheTimeToLive() {
		this.queue.put("t", body("1"));
		this.clock.advance(TTL.minusMillis(1));
		assertThat(this.queue.purgeExpired()).isZero();
		assertThat(this.queue.stats().messages()).isEqualTo(1);
	}

	@Test
	void purgeDeletesMessagesAsOldAsTheTimeToLiveAndKeepsNewerOnes() {
		this.queue.put("a", body("old-a"));
		this.queue.put("b", body("old-b"));
		this.clock.advance(Duration.ofSeconds(1));
		long young = this.queue.put("a", body("young"));
		this.clock.advance(TTL.minusSeconds(1));
		assertThat(this.queue.purgeExpired()).isEqualTo(2);
		assertThat(this.queue.next("a", 0).map(StoredMessage::sequence)).hasValue(young);
		assertThat(this.queue.next("b", 0)).isEmpty();
	}

	@Test
	void purgeDeletesEverythingOnceAllHasExpired() {
		this.queue.put("a", body("1"));
		this.queue.put("b", body("2"));
		this.clock.advance(TTL.multipliedBy(2));
		assertThat(this.queue.purgeExpired()).isEqualTo(2);
		assertThat(this.queue.stats()).isEqualTo(new QueueStats(0, 0));
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM topic", Long.class)).isZero();
	}

	@Test
	void topicEmptiedByThePurgeIsReadAgainOnceSomethingIsPut() {
		this.queue.put("a", body("old"));
		this.clock.advance(TTL);
		this.queue.purgeExpired();
		assertThat(this.queue.next("a", 0)).isEmpty();
		long again = this.queue.put("a", body("new"));
		assertThat(this.queue.next("a", 0).map(StoredMessage::sequence)).hasValue(again);
		assertThat(this.queue.latest("a", 0).map(QueueServiceTests::text)).hasValue("\"new\"");
	}

	@Test
	void serviceOverAStoreThatHoldsMessagesReadsThem() {
		long first = this.queue.put("t", body("1"));
		this.queue.put("u", body("2"));
		QueueService reopened = this.queues.open();
		assertThat(reopened.next("t", 0).map(StoredMessage::sequence)).hasValue(first);
		assertThat(reopened.latest("u", 0).map(QueueServiceTests::text)).hasValue("\"2\"");
	}

	@Test
	void waitForANewerMessageIsWokenByAPutToItsTopic() throws Exception {
		CompletableFuture<Boolean> wait = CompletableFuture
			.supplyAsync(() -> this.queue.awaitNewer("w", 0, Duration.ofSeconds(30)));
		await().until(() -> this.queue.waitingReaders() == 1);
		this.queue.put("other", body("not this"));
		assertThat(wait).isNotDone();
		this.queue.put("w", body("this"));
		assertThat(wait.get(10, TimeUnit.SECONDS)).isTrue();
		assertThat(this.queue.waitingReaders()).isZero();
	}

	@Test
	void waitForANewerMessageEndsWithoutOneWhenTheTimeIsUp() {
		assertThat(this.queue.awaitNewer("w", 0, Duration.ofMillis(20))).isFalse();
		assertThat(this.queue.waitingReaders()).isZero();
	}

	@Test
	void waitForANewerMessageReturnsAtOnceWhenOneIsHeld() {
		long sequence = this.queue.put("w", body("held"));
		assertThat(this.queue.awaitNewer("w", sequence - 1, Duration.ofSeconds(30))).isTrue();
		assertThat(this.queue.awaitNewer("w", sequence, Duration.ZERO)).isFalse();
	}

	@Test
	void closingEndsWaitsAndLaterOnesAtOnce() throws Exception {
		CompletableFuture<Boolean> wait = CompletableFuture
			.supplyAsync(() -> this.queue.awaitNewer("w", 0, Duration.ofSeconds(30)));
		await().until(() -> this.queue.waitingReaders() == 1);
		this.queue.close();
		assertThat(wait.get(10, TimeUnit.SECONDS)).isFalse();
		assertThat(this.queue.waitsAllowed()).isFalse();
		assertThat(this.queue.awaitNewer("w", 0, Duration.ofSeconds(30))).isFalse();
	}

	@Test
	void largestBodyIsTheLargestMessageHeldSinceTheTopicLastHeldNone() {
		assertThat(this.queue.largestBody("sizes")).isZero();
		this.queue.put("sizes", body("x".repeat(10)));
		this.queue.put("sizes", body("x"));
		assertThat(this.queue.largestBody("sizes")).isEqualTo(12);
	}

	@Test
	void topicOverItsMessageLimitDropsItsOldestMessages() {
		QueueService limited = this.queues.open(new HeldLimits(3, Long.MAX_VALUE));
		for (int i = 1; i <= 5; i++) {
			limited.put("a", body(String.valueOf(i)));
		}
		limited.put("b", body("other"));
		assertThat(readAll(limited, "a")).containsExactly("\"3\"", "\"4\"", "\"5\"");
		assertThat(readAll(limited, "b")).containsExactly("\"other\"");
		assertThat(limited.holdings().droppedForTopicLimit()).isEqualTo(2);
		assertThat(limited.holdings().heldMessages()).isEqualTo(4);
	}

	@Test
	void storeOverItsByteLimitDropsTheOldestMessagesOfTheFullestTopic() {
		// room for both topics, four messages of 11 bytes in "big" and one of 3 in "small"
		long limit = Costs.topic("big") + Costs.topic("small") + 4 * Costs.message(11) + Costs.message(3);
		QueueService limited = this.queues.open(new HeldLimits(Long.MAX_VALUE, limit));
		for (int i = 1; i <= 4; i++) {
			limited.put("big", body("b".repeat(8) + i));
		}
		limited.put("small", body("s"));
		limited.put("big", body("b".repeat(8) + 5));
		assertThat(readAll(limited, "big")).hasSize(4).last().isEqualTo("\"bbbbbbbb5\"");
		assertThat(readAll(limited, "small")).containsExactly("\"s\"");
		assertThat(limited.holdings().heldBytes()).isEqualTo(limit);
		assertThat(limited.holdings().droppedForByteLimit()).isEqualTo(1);
	}

	@Test
	void newestMessageIsKeptEvenWhenItAloneExceedsTheByteLimit() {
		QueueService limited = this.queues.open(new HeldLimits(10, 10));
		limited.put("a", body("older"));
		limited.put("a", body("x".repeat(100)));
		assertThat(readAll(limited, "a")).containsExactly("\"" + "x".repeat(100) + "\"");
		assertThat(limited.holdings().heldMessages()).isEqualTo(1);
	}

	@Test
	void byteLimitDropsFromTheNextFullestTopicWhenTheFullestHoldsOnlyTheNewestMessage() {
		QueueService limited = this.queues.open(new HeldLimits(10, 10));
		limited.put("small", body("1"));
		limited.put("large", body("x".repeat(100)));
		assertThat(readAll(limited, "small")).isEmpty();
		assertThat(limited.holdings().heldMessages()).isEqualTo(1);
	}

	@Test
	void failedExpiryLeavesWhatIsHeldAsItWas() {
		this.queue.put("a", body("1"));
		this.queue.put("b", body("22"));
		this.clock.advance(TTL);
		this.jdbc.execute("CREATE TEMP TRIGGER refuse BEFORE DELETE ON topic WHEN OLD.name = 'b' "
				+ "BEGIN SELECT RAISE(ABORT, 'refused'); END");
		assertThatRuntimeException().isThrownBy(this.queue::purgeExpired);
		assertThat(this.queue.holdings().heldMessages()).isEqualTo(2);
		assertThat(this.queue.holdings().heldBytes())
			.isEqualTo(Costs.topic("a") + Costs.message(3) + Costs.topic("b") + Costs.message(4));
		assertThat(this.queue.holdings().expired()).isZero();
		assertThat(readAll(this.queue, "a")).containsExactly("\"1\"");
		this.jdbc.execute("DROP TRIGGER refuse");
		assertThat(this.queue.purgeExpired()).isEqualTo(2);
		assertThat(this.jdbc.queryForObject("SELECT count(*) FROM topic", Long.class)).isZero();
	}

	@Test
	void topicWhoseRowExistsWithoutBeingHeldIsStoredToAndCountsWhatItsRowHolds() {
		this.jdbc.update("INSERT INTO topic (id, name) VALUES (500, 'stray')");
		this.jdbc.update("INSERT INTO message (seq, topic, body, created_at) VALUES (0, 500, '\"lost\"', 0)");
		long sequence = this.queue.put("stray", body("found"));
		assertThat(this.queue.next("stray", 0).map(StoredMessage::sequence)).hasValue(sequence);
		assertThat(this.queue.holdings().messagesOf("stray")).isEqualTo(2);
		assertThat(this.queue.holdings().heldMessages()).isEqualTo(2);
	}

	@Test
	void heldBytesCountWhatEachMessageAndEachTopicWithItsNameCost() {
		String name = "n".repeat(2000);
		this.queue.put(name, body("1"));
		this.queue.put(name, body("22"));
		assertThat(this.queue.holdings().heldBytes())
			.isEqualTo(Costs.TOPIC_OVERHEAD + 2000 + 3 * 2000 + 4096 + 3 + 4 + 2 * Costs.MESSAGE_OVERHEAD);
		this.clock.advance(TTL);
		this.queue.purgeExpired();
		assertThat(this.queue.holdings().heldBytes()).isZero();
	}

	@Test
	void headersCountTowardsTheHeldBytesAsTheBodyDoesFromPutToExpiryAndWhenTheStoreIsOpenedAgain() {
		byte[] headers = "{\"k\": \"v\"}".getBytes(StandardCharsets.UTF_8);
		this.queue.putAll(List.of(new QueueService.NewMessage("h", body("1"), headers)));
		long held = Costs.topic("h") + Costs.message(3 + headers.length);
		assertThat(this.queue.holdings().heldBytes()).isEqualTo(held);
		assertThat(this.queues.open().holdings().heldBytes()).isEqualTo(held);
		this.clock.advance(TTL);
		this.queue.purgeExpired();
		assertThat(this.queue.holdings().heldBytes()).isZero();
	}

	@Test
	void byteLimitCountsTheHeadersOfWhatItKeepsAndOfWhatItDrops() {
		byte[] headers = "{\"k\": \"v\"}".getBytes(StandardCharsets.UTF_8);
		// room for the topic and two messages of 3 bytes with their headers
		long limit = Costs.topic("h") + 2 * Costs.message(3 + headers.length);
		QueueService limited = this.queues.open(new HeldLimits(Long.MAX_VALUE, limit));
		for (int i = 1; i <= 3; i++) {
			limited.putAll(List.of(new QueueService.NewMessage("h", body(Integer.toString(i)), headers)));
		}
		assertThat(readAll(limited, "h")).containsExactly("\"2\"", "\"3\"");
		assertThat(limited.holdings().heldBytes()).isEqualTo(limit);
		assertThat(limited.holdings().droppedForByteLimit()).isEqualTo(1);
	}

	@Test
	void readWithMetadataReturnsWhenTheMessageWasPutAndItsHeadersAndAPlainReadNeither() {
		byte[] headers = "{\"k\": \"v\"}".getBytes(StandardCharsets.UTF_8);
		ReadPositions positions = new ReadPositions(this.queue.lastSequence(), 10);
		this.queue.putAll(List.of(new QueueService.NewMessage("m", body("with"), headers),
				new QueueService.NewMessage("m", body("without"))));
		StoredMessage with = this.queue.read("m", positions, new ReadOptions(false, ReadOptions.OWN_POSITION, true))
			.orElseThrow();
		assertThat(with.metadata()).isNotNull();
		assertThat(with.metadata().createdAt()).isEqualTo(this.clock.millis());
		assertThat(with.metadata().headers()).isEqualTo(headers);
		assertThat(with.length()).isEqualTo(6 + headers.length);
		StoredMessage without = this.queue.read("m", positions, new ReadOptions(false, ReadOptions.OWN_POSITION, true))
			.orElseThrow();
		assertThat(without.metadata().headers()).isNull();
		StoredMessage plain = this.queue.read("m", positions, new ReadOptions(false, 0, false)).orElseThrow();
		assertThat(text(plain)).isEqualTo("\"with\"");
		assertThat(plain.metadata()).isNull();
	}

	@Test
	void expiryReleasesWhatTheMessagesHeld() {
		this.queue.put("a", body("1"));
		this.queue.put("b", body("22"));
		this.clock.advance(TTL);
		this.queue.purgeExpired();
		assertThat(this.queue.holdings().heldMessages()).isZero();
		assertThat(this.queue.holdings().heldBytes()).isZero();
		assertThat(this.queue.holdings().expired()).isEqualTo(2);
	}

	@Test
	void statsCountTopicsHoldingMessagesAndMessages() {
		assertThat(this.queue.stats()).isEqualTo(new QueueStats(0, 0));
		this.queue.put("a", body("1"));
		this.queue.put("a", body("2"));
		this.queue.put("b", body("3"));
		assertThat(this.queue.stats()).isEqualTo(new QueueStats(2, 3));
	}

	@Test
	void serviceOverAStoreThatHoldsMessagesContinuesItsSequence() {
		long last = this.queue.put("t", body("1"));
		QueueService reopened = this.queues.open();
		assertThat(reopened.lastSequence()).isEqualTo(last);
		assertThat(reopened.put("t", body("2"))).isGreaterThan(last);
	}

	@Test
	void serviceOverAStoreWithExpiredMessagesPurgesThemAtStart() {
		this.queue.put("t", body("stale"));
		this.clock.advance(TTL);
		QueueService reopened = this.queues.open();
		assertThat(reopened.stats()).isEqualTo(new QueueStats(0, 0));
		assertThat(reopened.next("t", 0)).isEmpty();
	}

	@Test
	void timeToLiveMustBePositive() {
		assertThatIllegalArgumentException().isThrownBy(() -> new QueueService(this.jdbc, this.clock, Duration.ZERO))
			.withMessageContaining("PT0S");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new QueueService(this.jdbc, this.clock, Duration.ofSeconds(-1)));
	}

	private static List<String> readAll(QueueService queue, String topic) {
		List<String> messages = new ArrayList<>();
		long position = 0;
		Optional<StoredMessage> next;
		while ((next = queue.next(topic, position)).isPresent()) {
			messages.add(text(next.get()));
			position = next.get().sequence();
		}
		return messages;
	}

	/**
	 * A connection's read positions: kept per topic as held, dropped once their topic empties, and bounded without
	 * ever delivering a message twice or skipping one.
	 */
	@Nested
	class ReadPositionsTests {

		@Test
		void positionsInTopicsThatEmptiedAreDroppedWithoutALimitToForceIt() {
			ReadPositions positions = new ReadPositions(queue.lastSequence(), Integer.MAX_VALUE);
			for (int i = 0; i < 100_000; i++) {
				String topic = "short-lived-" + i;
				queue.put(topic, body("m"));
				assertThat(queue.next(topic, positions)).isPresent();
				if (i % 1_000 == 999) {
					clock.advance(TTL.plusSeconds(1));
					queue.purgeExpired();
				}
			}
			// at most twice the 1,000 topics held at a time: the rest went with their topics
			assertThat(positions.size()).isLessThanOrEqualTo(2 * 1_000);
			clock.advance(TTL.plusSeconds(1));
			queue.purgeExpired();
			queue.put("after", body("m"));
			assertThat(queue.next("after", positions)).isPresent();
		}

		@Test
		void aTopicThatEmptiesAndFillsAgainIsReadFromItsNewMessagesOnly() {
			ReadPositions positions = new ReadPositions(queue.lastSequence(), 1_000);
			queue.put("refilled", body("first"));
			assertThat(queue.next("refilled", positions).map(QueueServiceTests::text)).hasValue("\"first\"");
			clock.advance(TTL.plusSeconds(1));
			queue.purgeExpired();
			queue.put("refilled", body("second"));
			queue.put("refilled", body("third"));
			assertThat(queue.next("refilled", positions).map(QueueServiceTests::text)).hasValue("\"second\"");
			assertThat(queue.next("refilled", positions).map(QueueServiceTests::text)).hasValue("\"third\"");
			assertThat(queue.next("refilled", positions)).isEmpty();
		}

		@Test
		void aReadOfOneTopicMoreThanTheLimitIsRefusedAndTheOthersGoOn() {
			ReadPositions positions = new ReadPositions(queue.lastSequence(), 3);
			for (String topic : new String[] { "a", "b", "c", "d" }) {
				queue.put(topic, body(topic + "1"));
				queue.put(topic, body(topic + "2"));
			}
			for (String topic : new String[] { "a", "b", "c" }) {
				assertThat(queue.next(topic, positions).map(QueueServiceTests::text)).hasValue("\"" + topic + "1\"");
			}
			assertThatExceptionOfType(TooManyReadPositionsException.class).isThrownBy(() -> queue.next("d", positions))
				.withMessage("this connection keeps read positions in 3 topics that hold messages, the most it may "
						+ "(dsmq.max-read-positions)");
			assertThat(queue.latest("a", positions).map(QueueServiceTests::text)).hasValue("\"a2\"");
			// a topic without messages takes no position
			assertThat(queue.next("empty", positions)).isEmpty();
			clock.advance(TTL.plusSeconds(1));
			queue.purgeExpired();
			queue.put("d", body("d3"));
			assertThat(queue.next("d", positions).map(QueueServiceTests::text)).hasValue("\"d3\"");
		}

		@Test
		void aNewReaderNeverSeesWhatWasPutBeforeItStarted() {
			queue.put("old", body("before"));
			ReadPositions positions = new ReadPositions(queue.lastSequence(), 1_000);
			assertThat(queue.next("old", positions)).isEmpty();
			assertThat(queue.awaitNewer("old", positions, Duration.ZERO)).isFalse();
			queue.put("old", body("after"));
			assertThat(queue.awaitNewer("old", positions, Duration.ZERO)).isTrue();
			assertThat(queue.next("old", positions).map(QueueServiceTests::text)).hasValue("\"after\"");
		}

	}

	private static byte[] body(String message) {
		return ("\"" + message + "\"").getBytes(StandardCharsets.UTF_8);
	}

	private static String text(StoredMessage message) {
		return new String(message.body(), StandardCharsets.UTF_8);
	}

}
