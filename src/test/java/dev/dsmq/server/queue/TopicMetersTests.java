package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-topic gauges on a real store: when they appear, what they show once a topic empties, and the cap.
 */
class TopicMetersTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

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
	void topicThatEmptiesKeepsItsGaugesAtZeroAndFillsThemAgain() {
		new TopicMeters(this.queue, 10).bindTo(this.registry);
		this.queue.put("orders", body("\"one\""));
		assertThat(messages("orders")).isEqualTo(1);
		assertThat(bytes("orders")).isEqualTo(Costs.topic("orders") + Costs.message(5));
		this.clock.advance(TTL.plusSeconds(1));
		this.queue.purgeExpired();
		assertThat(messages("orders")).isZero();
		assertThat(bytes("orders")).isZero();
		this.queue.put("orders", body("\"two\""));
		assertThat(messages("orders")).isEqualTo(1);
		assertThat(this.registry.find("dsmq.topic.messages").gauges()).hasSize(1);
	}

	@Test
	void topicsHeldBeforeTheMetersAreBoundGetGaugesToo() {
		this.queue.put("early", body("1"));
		new TopicMeters(this.queue, 10).bindTo(this.registry);
		assertThat(messages("early")).isEqualTo(1);
	}

	@Test
	void capOfZeroRegistersNoTopicGauges() {
		new TopicMeters(this.queue, 0).bindTo(this.registry);
		this.queue.put("orders", body("1"));
		assertThat(this.registry.find("dsmq.topic.messages").gauges()).isEmpty();
		assertThat(this.registry.find("dsmq.topic.bytes").gauges()).isEmpty();
	}

	private double messages(String topic) {
		return this.registry.get("dsmq.topic.messages").tag("topic", topic).gauge().value();
	}

	private double bytes(String topic) {
		return this.registry.get("dsmq.topic.bytes").tag("topic", topic).gauge().value();
	}

	private static byte[] body(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
