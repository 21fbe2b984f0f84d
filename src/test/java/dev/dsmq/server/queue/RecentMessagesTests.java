package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The newest messages kept in memory beside the store: a reader who keeps up, broadcast or work-queue, is answered
 * without a statement; one further back reads the store and then memory, in order; whatever the store deletes leaves
 * memory with it; and the budget bounds what memory keeps.
 */
class RecentMessagesTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	/** What memory keeps of a message of {@link #body(String)} with a one-character text. */
	private static final long SMALL_ENTRY = RecentMessages.ENTRY_OVERHEAD + 3;

	/** A store with nothing to read ahead. */
	private static final RecentMessages.WindowReader NO_STORE = (topic, after, rows, maxBytes) -> List.of();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final CountingStore store = new CountingStore();

	@AfterEach
	void destroyStore() {
		this.store.close();
	}

	@Test
	void broadcastReaderWhoKeepsUpIsAnsweredWithoutAStatement() {
		QueueService queue = queue(HeldLimits.DEFAULT_CACHE_BYTES, Long.MAX_VALUE);
		ReadPositions reader = new ReadPositions(queue.lastSequence(), 10);
		queue.putAll(List.of(new QueueService.NewMessage("t", body("1"), headers("{\"k\":\"v\"}"))));
		queue.put("t", body("2"));
		List<StoredMessage> read = new ArrayList<>();
		long statements = this.store.statementsOf(() -> {
			read.add(queue.read("t", reader, new ReadOptions(false, ReadOptions.OWN_POSITION, true)).orElseThrow());
			read.add(queue.next("t", reader).orElseThrow());
			assertThat(queue.next("t", reader)).isEmpty();
		});
		assertThat(statements).isZero();
		assertThat(read).extracting(RecentMessagesTests::text).containsExactly("\"1\"", "\"2\"");
		assertThat(new String(read.get(0).metadata().headers(), StandardCharsets.UTF_8)).isEqualTo("{\"k\":\"v\"}");
		assertThat(read.get(0).metadata().createdAt()).isEqualTo(this.clock.millis());
		assertThat(read.get(1).metadata()).isNull();
	}

	@Test
	void readerFurtherBackThanMemoryReadsTheStoreThenMemoryInOrder() {
		QueueService queue = queue(3 * SMALL_ENTRY, Long.MAX_VALUE);
		long start = queue.lastSequence();
		for (int i = 0; i < 10; i++) {
			queue.put((i % 2 == 0) ? "t" : "other", body(Integer.toString(i)));
		}
		List<String> read = new ArrayList<>();
		List<Long> statements = new ArrayList<>();
		ReadPositions reader = new ReadPositions(start, 10);
		for (int i = 0; i < 5; i++) {
			statements.add(this.store.statementsOf(() -> read.add(text(queue.next("t", reader).orElseThrow()))));
		}
		assertThat(read).containsExactly("\"0\"", "\"2\"", "\"4\"", "\"6\"", "\"8\"");
		// memory keeps the newest three of all topics: 7, 8 and 9, so that of this topic only 8 is there
		assertThat(statements).containsExactly(1L, 1L, 1L, 1L, 0L);
		assertThat(this.store.statementsOf(() -> assertThat(queue.latest("t", start)).map(RecentMessagesTests::text)
			.hasValue("\"8\""))).isZero();
	}

	@Test
	void messageLargerThanMemoryIsReadFromTheStoreAndTheOnesAfterItFromMemory() {
		QueueService queue = queue(4 * SMALL_ENTRY, Long.MAX_VALUE);
		ReadPositions reader = new ReadPositions(queue.lastSequence(), 10);
		queue.put("t", body("a"));
		queue.put("t", body("x".repeat(1000)));
		queue.put("t", body("b"));
		assertThat(this.store.statementsOf(() -> assertThat(queue.next("t", reader)).isPresent())).isPositive();
		assertThat(this.store.statementsOf(
				() -> assertThat(queue.next("t", reader).map(StoredMessage::body)).hasValueSatisfying(
						(body) -> assertThat(body).hasSize(1002))))
			.isPositive();
		assertThat(this.store.statementsOf(
				() -> assertThat(queue.next("t", reader).map(RecentMessagesTests::text)).hasValue("\"b\"")))
			.isZero();
	}

	@Test
	void groupThatKeepsUpClaimsDeletesAndPopsWithoutAStatement() {
		QueueService queue = queue(HeldLimits.DEFAULT_CACHE_BYTES, Long.MAX_VALUE);
		queue.put("jobs", body("warm"));
		queue.take(Take.POP, "jobs", "workers", null);
		queue.put("jobs", body("1"));
		queue.put("jobs", body("2"));
		List<String> taken = new ArrayList<>();
		long statements = this.store.statementsOf(() -> {
			GroupMessage claimed = queue.take(Take.CLAIM, "jobs", "workers", null).orElseThrow();
			taken.add(text(claimed.message()));
			queue.delete("jobs", "workers", claimed.sequence());
			taken.add(text(queue.take(Take.POP, "jobs", "workers", null).orElseThrow().message()));
			assertThat(queue.take(Take.POP, "jobs", "workers", null)).isEmpty();
		});
		assertThat(taken).containsExactly("\"1\"", "\"2\"");
		assertThat(statements).isZero();
	}

	@Test
	void expiredMessagesLeaveMemoryWithTheStore() {
		QueueService queue = queue(HeldLimits.DEFAULT_CACHE_BYTES, Long.MAX_VALUE);
		long start = queue.lastSequence();
		queue.put("t", body("old"));
		this.clock.advance(TTL.plusMillis(1));
		queue.put("other", body("new"));
		assertThat(queue.purgeExpired()).isEqualTo(1);
		assertThat(queue.next("t", start)).isEmpty();
		assertThat(queue.latest("t", start)).isEmpty();
		queue.put("t", body("again"));
		assertThat(queue.next("t", start).map(RecentMessagesTests::text)).hasValue("\"again\"");
	}

	@Test
	void messagesATopicLimitDropsLeaveMemoryWithTheStore() {
		QueueService queue = queue(HeldLimits.DEFAULT_CACHE_BYTES, 2);
		long start = queue.lastSequence();
		queue.put("t", body("1"));
		queue.put("t", body("2"));
		queue.put("t", body("3"));
		ReadPositions reader = new ReadPositions(start, 10);
		assertThat(queue.next("t", reader).map(RecentMessagesTests::text)).hasValue("\"2\"");
		assertThat(queue.next("t", reader).map(RecentMessagesTests::text)).hasValue("\"3\"");
		assertThat(queue.take(Take.POP, "t", "workers", null).map((taken) -> text(taken.message()))).hasValue("\"2\"");
	}

	@Test
	void groupAndReaderWorkingThroughABacklogEachReadItAheadWithAStatementForManyMessages() {
		QueueService queue = queue(64 * 1024, Long.MAX_VALUE);
		long start = queue.lastSequence();
		List<String> put = new ArrayList<>();
		for (int i = 0; i < 1000; i++) {
			put.add("\"" + i + "\"");
			queue.put("backlog", body(Integer.toString(i)));
		}
		ReadPositions reader = new ReadPositions(start, 10);
		List<String> read = new ArrayList<>();
		long readStatements = this.store.statementsOf(() -> {
			for (int i = 0; i < 1000; i++) {
				read.add(text(queue.next("backlog", reader).orElseThrow()));
			}
		});
		List<String> popped = new ArrayList<>();
		long popStatements = this.store.statementsOf(() -> {
			for (int i = 0; i < 1000; i++) {
				popped.add(text(queue.take(Take.POP, "backlog", "workers", null).orElseThrow().message()));
			}
		});
		assertThat(read).isEqualTo(put);
		assertThat(popped).isEqualTo(put);
		// the newest 560 or so are in memory; the reader and the group read the others ahead, up to 4 KB (a
		// sixteenth) at a time
		assertThat(readStatements).isBetween(1L, 40L);
		assertThat(popStatements).isBetween(1L, 40L);
	}

	@Test
	void broadcastReadersFarApartInABacklogEachReadAheadOfThemselves() {
		QueueService queue = queue(64 * 1024, Long.MAX_VALUE);
		long start = queue.lastSequence();
		for (int i = 0; i < 1000; i++) {
			queue.put("backlog", body(Integer.toString(i)));
		}
		List<ReadPositions> readers = new ArrayList<>();
		for (int r = 0; r < 4; r++) {
			ReadPositions reader = new ReadPositions(start, 10);
			// each 100 messages further on than the one before
			for (int i = 0; i < 100 * r; i++) {
				queue.next("backlog", reader);
			}
			readers.add(reader);
		}
		List<List<String>> read = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
		long statements = this.store.statementsOf(() -> {
			for (int i = 0; i < 400; i++) {
				for (int r = 0; r < 4; r++) {
					read.get(r).add(text(queue.next("backlog", readers.get(r)).orElseThrow()));
				}
			}
		});
		for (int r = 0; r < 4; r++) {
			List<String> expected = new ArrayList<>();
			for (int i = 100 * r; i < 100 * r + 400; i++) {
				expected.add("\"" + i + "\"");
			}
			assertThat(read.get(r)).isEqualTo(expected);
		}
		// turn by turn, each reader finds its next message in its own run
		assertThat(statements).isLessThan(100);
	}

	@Test
	void readerReadingAheadIsNotGivenWhatATopicLimitDroppedSinceItsRunWasRead() {
		// memory keeps the newest 320 or so, and a run holds up to 20
		QueueService queue = queue(320 * (SMALL_ENTRY + 2), 1000);
		long start = queue.lastSequence();
		for (int i = 0; i < 1000; i++) {
			queue.put("t", body(Integer.toString(i)));
		}
		ReadPositions reader = new ReadPositions(start, 10);
		assertThat(this.store.statementsOf(() -> assertThat(queue.next("t", reader).map(RecentMessagesTests::text))
			.hasValue("\"0\""))).isOne();
		assertThat(this.store.statementsOf(() -> assertThat(queue.next("t", reader).map(RecentMessagesTests::text))
			.hasValue("\"1\""))).isZero();
		// the limit drops the oldest 20, the rest of the reader's run among them
		for (int i = 1000; i < 1020; i++) {
			queue.put("t", body(Integer.toString(i)));
		}
		assertThat(queue.next("t", reader).map(RecentMessagesTests::text)).hasValue("\"20\"");
		assertThat(queue.next("t", reader).map(RecentMessagesTests::text)).hasValue("\"21\"");
	}

	@Test
	void groupsTakingTurnsFarApartInABacklogEachGetEveryMessageOnce() {
		QueueService queue = queue(64 * 1024, Long.MAX_VALUE);
		for (int i = 0; i < 1000; i++) {
			queue.put("backlog", body(Integer.toString(i)));
		}
		for (int i = 0; i < 500; i++) {
			queue.take(Take.POP, "backlog", "ahead", null);
		}
		List<String> ahead = new ArrayList<>();
		List<String> behind = new ArrayList<>();
		long statements = this.store.statementsOf(() -> {
			for (int i = 0; i < 400; i++) {
				ahead.add(text(queue.take(Take.POP, "backlog", "ahead", null).orElseThrow().message()));
				behind.add(text(queue.take(Take.POP, "backlog", "behind", null).orElseThrow().message()));
			}
		});
		assertThat(ahead).first().isEqualTo("\"500\"");
		assertThat(ahead).last().isEqualTo("\"899\"");
		assertThat(behind).first().isEqualTo("\"0\"");
		assertThat(behind).last().isEqualTo("\"399\"");
		assertThat(ahead).doesNotHaveDuplicates();
		assertThat(behind).doesNotHaveDuplicates();
		// each turn reads a little ahead, and never more than a statement a take
		assertThat(statements).isLessThanOrEqualTo(800);
	}

	@Test
	void messagesReadAheadThatExpireAreNotReadFromMemory() {
		QueueService queue = queue(4 * SMALL_ENTRY * 16, Long.MAX_VALUE);
		long start = queue.lastSequence();
		for (int i = 0; i < 100; i++) {
			queue.put("t", body("old"));
		}
		this.clock.advance(TTL.plusMillis(1));
		queue.put("t", body("new"));
		ReadPositions reader = new ReadPositions(start, 10);
		assertThat(queue.next("t", reader).map(RecentMessagesTests::text)).hasValue("\"old\"");
		assertThat(queue.take(Take.POP, "t", "workers", null).map((taken) -> text(taken.message())))
			.hasValue("\"old\"");
		assertThat(queue.purgeExpired()).isEqualTo(100);
		assertThat(queue.next("t", reader).map(RecentMessagesTests::text)).hasValue("\"new\"");
		assertThat(queue.take(Take.POP, "t", "workers", null).map((taken) -> text(taken.message())))
			.hasValue("\"new\"");
	}

	@Test
	void entriesTakenOutOfTheirTopicStayWithinTheBudgetUntilTheyLeave() {
		long budget = 10 * SMALL_ENTRY;
		RecentMessages recent = new RecentMessages(budget, NO_STORE);
		Topic quiet = new Topic(1, "quiet");
		Topic busy = new Topic(2, "busy");
		recent.add(quiet, 1, 0, 0, body("q"), null);
		for (long sequence = 2; sequence < 10_000; sequence++) {
			recent.add(busy, sequence, 0, 0, body("b"), null);
			// as a topic limit of one message drops the one before
			recent.removeThrough(busy, sequence - 1);
			assertThat(recent.bytes()).isLessThanOrEqualTo(budget);
		}
		assertThat(quiet.tail().size()).isZero();
		assertThat(quiet.tail().covers(0)).isFalse();
		assertThat(quiet.tail().covers(1)).isTrue();
		assertThat(busy.tail().size()).isOne();
		assertThat(busy.tail().find(9_999)).isNotNull();
	}

	@Test
	void tailFindsEachMessageItHoldsAndTheFirstAfterAnyPosition() {
		RecentMessages recent = new RecentMessages(Long.MAX_VALUE, NO_STORE);
		Topic topic = new Topic(1, "t");
		for (long sequence = 10; sequence <= 1000; sequence += 10) {
			recent.add(topic, sequence, 0, 0, body(Long.toString(sequence)), null);
		}
		TopicTail tail = topic.tail();
		assertThat(tail.covers(9)).isTrue();
		assertThat(tail.covers(8)).isFalse();
		assertThat(tail.find(500).sequence()).isEqualTo(500);
		assertThat(tail.find(505)).isNull();
		assertThat(tail.entryAfter(9).sequence()).isEqualTo(10);
		assertThat(tail.entryAfter(505).sequence()).isEqualTo(510);
		assertThat(tail.entryAfter(1000)).isNull();
		assertThat(tail.newest().sequence()).isEqualTo(1000);
		recent.removeThrough(topic, 995);
		assertThat(tail.size()).isOne();
		assertThat(tail.covers(995)).isTrue();
		assertThat(tail.covers(994)).isFalse();
		assertThat(tail.entryAfter(995).sequence()).isEqualTo(1000);
	}

	private QueueService queue(long cacheBytes, long maxMessagesPerTopic) {
		return new QueueService(this.store.jdbc(), this.clock, TTL,
				new HeldLimits(maxMessagesPerTopic, Long.MAX_VALUE, cacheBytes), new TopicRates(), GroupLimits.DEFAULT);
	}

	private static String text(StoredMessage message) {
		return new String(message.body(), StandardCharsets.UTF_8);
	}

	private static byte[] body(String message) {
		return ("\"" + message + "\"").getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] headers(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
