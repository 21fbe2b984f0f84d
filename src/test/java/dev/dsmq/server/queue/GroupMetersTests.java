package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-group meters on a real store: what they show, that a group forgotten and used again counts on, the cap,
 * and the groups of a store opened again.
 */
class GroupMetersTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	private static final Duration VISIBILITY = GroupLimits.DEFAULT.visibilityTimeout();

	private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	@TempDir
	Path directory;

	private FileStore store;

	private QueueService queue;

	@BeforeEach
	void createStore() {
		this.store = new FileStore(this.directory.resolve("store.db"));
		this.queue = new QueueService(this.store.jdbc(), this.clock, TTL);
	}

	@AfterEach
	void destroyStore() {
		this.store.close();
	}

	@Test
	void gaugesShowWhatIsAvailableAndWhatIsClaimed() {
		bind(10);
		this.queue.put("jobs", body("1"));
		this.queue.put("jobs", body("2"));
		this.queue.put("jobs", body("3"));
		this.queue.take(Take.CLAIM, "jobs", "workers", null);
		assertThat(gauge("dsmq.group.messages.available", "workers")).isEqualTo(2);
		assertThat(gauge("dsmq.group.messages.claimed", "workers")).isEqualTo(1);
		this.clock.advance(VISIBILITY);
		assertThat(gauge("dsmq.group.messages.available", "workers")).isEqualTo(3);
		assertThat(gauge("dsmq.group.messages.claimed", "workers")).isZero();
	}

	@Test
	void countersCountRedeliveriesDeadLettersAndLossesAndGoOnAfterTheGroupIsForgotten() {
		bind(10);
		this.queue.put("jobs", body("1"));
		for (int i = 0; i < 6; i++) {
			this.queue.take(Take.CLAIM, "jobs", "workers", null);
			this.clock.advance(VISIBILITY);
		}
		assertThat(counter("dsmq.group.messages.redelivered", "workers")).isEqualTo(4);
		assertThat(counter("dsmq.group.messages.dead-lettered", "workers")).isEqualTo(1);
		this.queue.put("jobs", body("2"));
		this.clock.advance(TTL);
		this.queue.purgeExpired();
		assertThat(this.queue.groupCount()).isZero();
		assertThat(this.registry.get("dsmq.group.messages.lost").tags("group", "workers", "reason", "expired")
			.functionCounter().count()).isEqualTo(1);
		assertThat(gauge("dsmq.group.messages.available", "workers")).isZero();
		this.queue.put("jobs", body("3"));
		this.queue.take(Take.CLAIM, "jobs", "workers", null);
		this.clock.advance(VISIBILITY);
		this.queue.take(Take.CLAIM, "jobs", "workers", null);
		assertThat(counter("dsmq.group.messages.redelivered", "workers")).isEqualTo(5);
		assertThat(this.registry.find("dsmq.group.messages.redelivered").functionCounters()).hasSize(1);
	}

	@Test
	void onlyTheFirstGroupsUpToTheCapGetMeters() {
		bind(2);
		for (String group : new String[] { "a", "b", "c" }) {
			this.queue.take(Take.PEEK, "jobs", group, null);
		}
		assertThat(this.registry.find("dsmq.group.messages.available").gauges()).hasSize(2);
		assertThat(this.registry.find("dsmq.group.messages.available").tag("group", "c").gauge()).isNull();
	}

	@Test
	void capOfZeroRegistersNoGroupMeters() {
		bind(0);
		this.queue.take(Take.PEEK, "jobs", "workers", null);
		assertThat(this.registry.find("dsmq.group.messages.available").gauges()).isEmpty();
	}

	@Test
	void groupsOfAStoreOpenedAgainGetMetersToo() {
		this.queue.put("jobs", body("1"));
		this.queue.take(Take.PEEK, "jobs", "early", null);
		this.queue = new QueueService(this.store.jdbc(), this.clock, TTL);
		bind(10);
		assertThat(gauge("dsmq.group.messages.available", "early")).isEqualTo(1);
	}

	private void bind(int maxGroups) {
		new GroupMeters(this.queue, maxGroups, new TopicMeters(this.queue, 10, 64)).bindTo(this.registry);
	}

	private double gauge(String name, String group) {
		return this.registry.get(name).tags("topic", "jobs", "group", group).gauge().value();
	}

	private double counter(String name, String group) {
		return this.registry.get(name).tags("topic", "jobs", "group", group).functionCounter().count();
	}

	private static byte[] body(String message) {
		return ("\"" + message + "\"").getBytes(StandardCharsets.UTF_8);
	}

}
