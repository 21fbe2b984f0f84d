package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What work-queue groups cost broadcast: a put to a topic without groups and a broadcast read run the statements they
 * ran before any group existed, however many groups other topics have, and the same on a topic with groups. Read
 * with no message in memory beside the store, so that every read runs its statement.
 */
class BroadcastCostTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final CountingStore store = new CountingStore();

	private final QueueService queue = new QueueService(this.store.jdbc(), this.clock, TTL,
			new HeldLimits(Long.MAX_VALUE, Long.MAX_VALUE, 0), new TopicRates(), GroupLimits.DEFAULT);

	@AfterEach
	void destroyStore() {
		this.store.close();
	}

	@Test
	void putAndBroadcastReadRunNoStatementOfGroups() {
		this.queue.put("plain", body("warm"));
		ReadPositions reader = new ReadPositions(0, 10);
		this.queue.next("plain", reader);
		long put = this.store.statementsOf(() -> this.queue.put("plain", body("1")));
		long read = this.store.statementsOf(() -> this.queue.next("plain", reader));
		for (int i = 0; i < 10; i++) {
			this.queue.put("jobs-" + i, body("job"));
			this.queue.take(Take.CLAIM, "jobs-" + i, "workers", null);
		}
		this.queue.take(Take.PEEK, "plain", "lookers", null);
		assertThat(this.store.statementsOf(() -> this.queue.put("plain", body("2")))).isEqualTo(put);
		assertThat(this.store.statementsOf(() -> this.queue.next("plain", reader))).isEqualTo(read);
		assertThat(put).isPositive();
		assertThat(read).isPositive();
	}

	private static byte[] body(String message) {
		return ("\"" + message + "\"").getBytes(StandardCharsets.UTF_8);
	}

}
