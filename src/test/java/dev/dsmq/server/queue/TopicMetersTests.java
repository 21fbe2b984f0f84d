package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-topic gauges on a real store: when they appear, what they show once a topic empties, the cap, and the tags
 * of long topic names.
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
		new TopicMeters(this.queue, 10, 64).bindTo(this.registry);
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
		new TopicMeters(this.queue, 10, 64).bindTo(this.registry);
		assertThat(messages("early")).isEqualTo(1);
	}

	@Test
	void capOfZeroRegistersNoTopicGauges() {
		new TopicMeters(this.queue, 0, 64).bindTo(this.registry);
		this.queue.put("orders", body("1"));
		assertThat(this.registry.find("dsmq.topic.messages").gauges()).isEmpty();
		assertThat(this.registry.find("dsmq.topic.bytes").gauges()).isEmpty();
	}

	@Test
	void namesAreTheirOwnTagsUpToOneCharacterShortOfTheLimit() {
		TopicMeters meters = new TopicMeters(this.queue, 10, 64);
		String shortEnough = "t".repeat(63);
		String tooLong = "t".repeat(64);
		assertThat(meters.tag(shortEnough)).isEqualTo(shortEnough);
		assertThat(meters.tag(tooLong)).hasSize(64).startsWith("t".repeat(47) + "~").isNotEqualTo(tooLong);
	}

	@Test
	void longNameIsTaggedWithItsStartAndTheStartOfItsSha256() throws Exception {
		String name = "orders/" + "x".repeat(1_000_000);
		String tag = new TopicMeters(this.queue, 10, 64).tag(name);
		// what the README tells a reader to compute: printf '%s' "$name" | sha256sum | cut -c1-16
		String hash = HexFormat.of()
			.formatHex(MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8)))
			.substring(0, 16);
		assertThat(tag).isEqualTo(name.substring(0, 47) + "~" + hash);
	}

	@Test
	void longNamesSharingALongStartGetTagsAndGaugesOfTheirOwn() {
		new TopicMeters(this.queue, 10, 64).bindTo(this.registry);
		String start = "y".repeat(1_000_000);
		this.queue.put(start + "-a", body("1"));
		this.queue.put(start + "-b", body("22"));
		this.queue.put(start + "-b", body("33"));
		assertThat(this.registry.find("dsmq.topic.messages").gauges()).hasSize(2)
			.allSatisfy((gauge) -> assertThat(gauge.getId().getTag("topic")).hasSize(64).startsWith("y".repeat(47)))
			.extracting(Gauge::value)
			.containsExactlyInAnyOrder(1.0, 2.0);
	}

	@Test
	void tagsCountCharactersNotHalvesOfThem() {
		TopicMeters meters = new TopicMeters(this.queue, 10, 64);
		// each a surrogate pair: two chars of a Java string, one character
		String fewEmoji = "\uD83D\uDCE6".repeat(40);
		String manyEmoji = "\uD83D\uDCE6".repeat(100);
		assertThat(meters.tag(fewEmoji)).isEqualTo(fewEmoji);
		String tag = meters.tag(manyEmoji);
		assertThat(tag.codePointCount(0, tag.length())).isEqualTo(64);
		assertThat(tag).startsWith("\uD83D\uDCE6".repeat(47) + "~");
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
