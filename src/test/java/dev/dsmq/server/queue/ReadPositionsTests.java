package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A connection's read positions: kept per topic as held, dropped once their topic empties, and bounded without ever
 * delivering a message twice or skipping one.
 */
class ReadPositionsTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private InMemoryStore store;

	private QueueService queue;

	@BeforeEach
	void createStore() {
		this.store = new InMemoryStore();
		this.queue = new QueueService(this.store.jdbc(), this.clock, TTL);
	}

	@AfterEach
	void destroyStore() {
		this.store.close();
	}

	@Test
	void positionsInTopicsThatEmptiedAreDroppedWithoutALimitToForceIt() {
		ReadPositions positions = new ReadPositions(this.queue.lastSequence(), Integer.MAX_VALUE);
		for (int i = 0; i < 100_000; i++) {
			String topic = "short-lived-" + i;
			this.queue.put(topic, body("m"));
			assertThat(this.queue.next(topic, positions)).isPresent();
			if (i % 1_000 == 999) {
				this.clock.advance(TTL.plusSeconds(1));
				this.queue.purgeExpired();
			}
		}
		// at most twice the 1,000 topics held at a time: the rest went with their topics
		assertThat(positions.size()).isLessThanOrEqualTo(2 * 1_000);
		this.clock.advance(TTL.plusSeconds(1));
		this.queue.purgeExpired();
		this.queue.put("after", body("m"));
		assertThat(this.queue.next("after", positions)).isPresent();
	}

	@Test
	void aTopicThatEmptiesAndFillsAgainIsReadFromItsNewMessagesOnly() {
		ReadPositions positions = new ReadPositions(this.queue.lastSequence(), 1_000);
		this.queue.put("refilled", body("first"));
		assertThat(this.queue.next("refilled", positions).map(ReadPositionsTests::text)).hasValue("\"first\"");
		this.clock.advance(TTL.plusSeconds(1));
		this.queue.purgeExpired();
		this.queue.put("refilled", body("second"));
		this.queue.put("refilled", body("third"));
		assertThat(this.queue.next("refilled", positions).map(ReadPositionsTests::text)).hasValue("\"second\"");
		assertThat(this.queue.next("refilled", positions).map(ReadPositionsTests::text)).hasValue("\"third\"");
		assertThat(this.queue.next("refilled", positions)).isEmpty();
	}

	@Test
	void aReadOfOneTopicMoreThanTheLimitIsRefusedAndTheOthersGoOn() {
		ReadPositions positions = new ReadPositions(this.queue.lastSequence(), 3);
		for (String topic : new String[] { "a", "b", "c", "d" }) {
			this.queue.put(topic, body(topic + "1"));
			this.queue.put(topic, body(topic + "2"));
		}
		for (String topic : new String[] { "a", "b", "c" }) {
			assertThat(this.queue.next(topic, positions).map(ReadPositionsTests::text)).hasValue("\"" + topic + "1\"");
		}
		assertThatExceptionOfType(TooManyReadPositionsException.class).isThrownBy(() -> this.queue.next("d", positions))
			.withMessage("this connection keeps read positions in 3 topics that hold messages, the most it may "
					+ "(dsmq.max-read-positions)");
		assertThat(this.queue.latest("a", positions).map(ReadPositionsTests::text)).hasValue("\"a2\"");
		// a topic without messages takes no position
		assertThat(this.queue.next("empty", positions)).isEmpty();
		this.clock.advance(TTL.plusSeconds(1));
		this.queue.purgeExpired();
		this.queue.put("d", body("d3"));
		assertThat(this.queue.next("d", positions).map(ReadPositionsTests::text)).hasValue("\"d3\"");
	}

	@Test
	void aNewReaderNeverSeesWhatWasPutBeforeItStarted() {
		this.queue.put("old", body("before"));
		ReadPositions positions = new ReadPositions(this.queue.lastSequence(), 1_000);
		assertThat(this.queue.next("old", positions)).isEmpty();
		assertThat(this.queue.awaitNewer("old", positions, Duration.ZERO)).isFalse();
		this.queue.put("old", body("after"));
		assertThat(this.queue.awaitNewer("old", positions, Duration.ZERO)).isTrue();
		assertThat(this.queue.next("old", positions).map(ReadPositionsTests::text)).hasValue("\"after\"");
	}

	private static byte[] body(String text) {
		return ("\"" + text + "\"").getBytes(StandardCharsets.UTF_8);
	}

	private static String text(StoredMessage message) {
		return new String(message.body(), StandardCharsets.UTF_8);
	}

}
