package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a put of many messages costs the store: the messages of a batch go in by statements of many rows, so that a
 * pipelining client does not pay a statement for each message.
 */
class PutCostTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final CountingStore store = new CountingStore();

	private final QueueService queue = new QueueService(this.store.jdbc(), this.clock, Duration.ofSeconds(600),
			new HeldLimits(Long.MAX_VALUE, Long.MAX_VALUE, 0), new TopicRates(), GroupLimits.DEFAULT);

	@AfterEach
	void destroyStore() {
		this.store.close();
	}

	@Test
	void aBatchOfPlainMessagesGoesInByStatementsOfUpTo64Rows() {
		this.queue.put("t", body("warm"));
		long one = this.store.statementsOf(() -> this.queue.put("t", body("one")));
		// 200 = 3 x 64 + 8: three statements of 64 rows and one of 8
		long many = this.store.statementsOf(() -> this.queue.putAll(messages("t", 200)));
		assertThat(many).isEqualTo(one + 3);
		assertThat(this.queue.holdings().heldMessages()).isEqualTo(202);
	}

	@Test
	void messagesWithHeadersBetweenPlainOnesStartRunsOfTheirOwn() {
		this.queue.put("t", body("warm"));
		long one = this.store.statementsOf(() -> this.queue.put("t", body("one")));
		List<QueueService.NewMessage> batch = new ArrayList<>(messages("t", 10));
		batch.add(5, new QueueService.NewMessage("t", body("headers"), "{}".getBytes(StandardCharsets.UTF_8)));
		// 5 plain (4 + 1), 1 with headers, 5 plain (4 + 1)
		assertThat(this.store.statementsOf(() -> this.queue.putAll(batch))).isEqualTo(one + 4);
	}

	private static List<QueueService.NewMessage> messages(String topic, int count) {
		List<QueueService.NewMessage> messages = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			messages.add(new QueueService.NewMessage(topic, body(Integer.toString(i))));
		}
		return messages;
	}

	private static byte[] body(String message) {
		return ("\"" + message + "\"").getBytes(StandardCharsets.UTF_8);
	}

}
