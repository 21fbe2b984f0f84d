package dev.dsmq.server;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.dsmq.server.DsmqEndpoint.Summary;
import dev.dsmq.server.DsmqEndpoint.TopicSummary;
import dev.dsmq.server.queue.Costs;
import dev.dsmq.server.queue.GroupDepth;
import dev.dsmq.server.queue.GroupLimits;
import dev.dsmq.server.queue.InMemoryStore;
import dev.dsmq.server.queue.MutableClock;
import dev.dsmq.server.queue.QueueService;
import dev.dsmq.server.queue.Take;
import dev.dsmq.server.tcp.OpenConnections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code dsmq} endpoint's answer, on a real store with time under the test's control.
 */
class DsmqEndpointTests {

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
	void topicsShowWhatTheyHoldAndTheAgesOfTheirOldestAndNewestMessages() {
		this.queue.put("orders", body("\"first\""));
		this.clock.advance(Duration.ofSeconds(30));
		this.queue.put("orders", body("\"second\""));
		this.queue.put("audit", body("1"));
		this.clock.advance(Duration.ofMillis(2500));
		Summary summary = endpoint(List.of()).summary(null, null, null);
		assertThat(summary.topics()).extracting(TopicSummary::name).containsExactly("orders", "audit");
		TopicSummary orders = summary.topics().get(0);
		assertThat(orders.messages()).isEqualTo(2);
		assertThat(orders.bytes())
			.isEqualTo(Costs.topic("orders") + Costs.message("\"first\"".length())
					+ Costs.message("\"second\"".length()));
		assertThat(orders.oldestAgeSeconds()).isEqualTo(32.5);
		assertThat(orders.newestAgeSeconds()).isEqualTo(2.5);
		assertThat(summary.messagesHeld()).isEqualTo(3);
		assertThat(summary.bytesHeld()).isEqualTo(orders.bytes() + Costs.topic("audit") + Costs.message(1));
	}

	@Test
	void topicsAreRatedByWhatWasPutAndDelivered() {
		this.queue.put("rated", body("1"));
		this.queue.put("rated", body("2"));
		assertThat(this.queue.next("rated", 0)).isPresent();
		TopicSummary rated = endpoint(List.of()).summary(null, null, null).topics().get(0);
		assertThat(rated.putsPerSecond()).isPositive();
		assertThat(rated.getsPerSecond()).isPositive().isLessThan(rated.putsPerSecond());
	}

	@Test
	void pageListsAtMostTheLimitOldestFirstAndTheTotalsCountEveryTopic() {
		for (int i = 0; i < 150; i++) {
			this.queue.put("topic-" + i, body("1"));
		}
		Summary first = endpoint(List.of()).summary(null, null, null);
		assertThat(first.topics()).hasSize(100);
		assertThat(first.topics().get(0).name()).isEqualTo("topic-0");
		assertThat(first.topicsHeld()).isEqualTo(150);
		assertThat(first.messagesHeld()).isEqualTo(150);
		assertThat(first.bytesHeld()).isEqualTo(this.queue.heldBytes());
		Summary rest = endpoint(List.of()).summary(100, 140L, null);
		assertThat(rest.topics()).extracting(TopicSummary::name)
			.hasSize(10)
			.startsWith("topic-140")
			.endsWith("topic-149");
		assertThat(rest.offset()).isEqualTo(140);
		assertThat(rest.limit()).isEqualTo(100);
	}

	@Test
	void topicsListTheirGroupsWithWhatIsAvailableClaimedAndCounted() {
		for (int i = 1; i <= 3; i++) {
			this.queue.put("jobs", body(String.valueOf(i)));
		}
		this.queue.take(Take.CLAIM, "jobs", "workers", null);
		this.queue.take(Take.POP, "jobs", "auditors", null);
		this.queue.take(Take.PEEK, "empty", "idle", null);
		Summary summary = endpoint(List.of()).summary(null, null, null);
		assertThat(summary.groupsHeld()).isEqualTo(3);
		assertThat(summary.topics()).singleElement()
			.extracting(TopicSummary::groups)
			.isEqualTo(List.of(new GroupDepth("auditors", 2, 0, 0, 0, 0), new GroupDepth("workers", 2, 1, 0, 0, 0)));
		this.clock.advance(GroupLimits.DEFAULT.visibilityTimeout());
		this.queue.take(Take.CLAIM, "jobs", "workers", null);
		assertThat(endpoint(List.of()).summary(null, null, null).topics().get(0).groups().get(1))
			.isEqualTo(new GroupDepth("workers", 2, 1, 1, 0, 0));
	}

	@Test
	void connectionsAreListedOldestFirstWithTheirGenerationAndRequests() {
		Instant opened = Instant.parse("2026-01-01T00:00:00Z");
		List<OpenConnections.Summary> open = List.of(
				new OpenConnections.Summary("127.0.0.1:40002", "websocket", opened.plusSeconds(5), 3),
				new OpenConnections.Summary("127.0.0.1:40001", "framed", opened, 7));
		Summary summary = endpoint(open).summary(null, null, null);
		assertThat(summary.connectionsOpen()).isEqualTo(2);
		assertThat(summary.connections()).extracting(DsmqEndpoint.ConnectionSummary::peer)
			.containsExactly("127.0.0.1:40001", "127.0.0.1:40002");
		assertThat(summary.connections().get(0).openedAt()).isEqualTo("2026-01-01T00:00:00Z");
		assertThat(summary.connections().get(0).requestsServed()).isEqualTo(7);
		assertThat(summary.connections()).extracting(DsmqEndpoint.ConnectionSummary::generation)
			.containsExactly("framed", "websocket");
		assertThat(summary.connectionsByGeneration()).containsEntry("framed", 1)
			.containsEntry("websocket", 1)
			.containsEntry("headerless", 0);
	}

	@Test
	void aServerWithManyConnectionsCountsThemAllAndListsTheOldestOnly() {
		Instant opened = Instant.parse("2026-01-01T00:00:00Z");
		List<OpenConnections.Summary> open = new ArrayList<>();
		for (int i = 0; i < 10_000; i++) {
			open.add(new OpenConnections.Summary("127.0.0.1:" + (20_000 + i), "framed", opened.plusMillis(9_999 - i), 0));
		}
		Summary summary = endpoint(open).summary(null, null, null);
		assertThat(summary.connectionsOpen()).isEqualTo(10_000);
		assertThat(summary.connectionsByGeneration()).containsEntry("framed", 10_000);
		assertThat(summary.connections()).hasSize(DsmqEndpoint.DEFAULT_CONNECTION_LIMIT);
		assertThat(summary.connections().get(0).peer()).isEqualTo("127.0.0.1:29999");
		assertThat(endpoint(open).summary(null, null, 3).connections()).extracting(DsmqEndpoint.ConnectionSummary::peer)
			.containsExactly("127.0.0.1:29999", "127.0.0.1:29998", "127.0.0.1:29997");
		assertThat(endpoint(open).summary(null, null, 0).connections()).isEmpty();
	}

	private DsmqEndpoint endpoint(List<OpenConnections.Summary> connections) {
		return new DsmqEndpoint(this.queue, () -> connections, this.clock);
	}

	private static byte[] body(String json) {
		return json.getBytes(StandardCharsets.UTF_8);
	}

}
