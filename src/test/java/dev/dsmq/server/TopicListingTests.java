package dev.dsmq.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.dsmq.server.queue.MutableClock;
import dev.dsmq.server.queue.MutableClockConfiguration;
import dev.dsmq.server.queue.QueueService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The topics that {@code GET /actuator/dsmq} lists, after traffic over real sockets, with the server's clock under the
 * test's control.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.time-to-live=60s", "dsmq.purge-interval=1h" })
@Import(MutableClockConfiguration.class)
// the clock moves and the lists are exact: a server of its own
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
class TopicListingTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MutableClock clock;

	@Autowired
	private QueueService queue;

	private ActuatorClient actuator;

	@BeforeEach
	void connectActuator() {
		this.actuator = new ActuatorClient(this.httpPort);
	}

	@Test
	void topicThatExpiredIsNoLongerListedThoughItWasJustPutToAndRead() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.put("brief", "here and gone");
			assertThat(client.getLatest("brief")).isEqualTo("here and gone");
			assertThat(names(this.actuator.json("/actuator/dsmq"))).contains("brief");
			this.clock.advance(Duration.ofSeconds(61));
			this.queue.purgeExpired();
			assertThat(names(this.actuator.json("/actuator/dsmq"))).doesNotContain("brief");
		}
	}

	@Test
	void topicsArePagedOldestFirstAndEveryPageCountsThemAll() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			for (String name : List.of("paged-c", "paged-a", "paged-b", "paged-e", "paged-d")) {
				client.put(name, "m");
			}
			assertThat(client.getLatest("paged-d")).isEqualTo("m");
		}
		List<String> listed = new ArrayList<>();
		long total = this.actuator.json("/actuator/dsmq").get("topicsHeld").asLong();
		for (int offset = 0; offset < total; offset += 2) {
			JsonNode page = this.actuator.json("/actuator/dsmq?limit=2&offset=" + offset);
			assertThat(page.get("topics").size()).isLessThanOrEqualTo(2);
			assertThat(page.get("offset").asLong()).isEqualTo(offset);
			assertThat(page.get("topicsHeld").asLong()).isEqualTo(total);
			names(page).forEach(listed::add);
		}
		assertThat(listed).hasSize((int) total)
			.filteredOn((name) -> name.startsWith("paged-"))
			.containsExactly("paged-c", "paged-a", "paged-b", "paged-e", "paged-d");
	}

	@Test
	void pageListsAHundredTopicsUnlessAskedAndAThousandAtMost() {
		assertThat(this.actuator.json("/actuator/dsmq").get("limit").asInt()).isEqualTo(100);
		assertThat(this.actuator.json("/actuator/dsmq?limit=5").get("limit").asInt()).isEqualTo(5);
		assertThat(this.actuator.json("/actuator/dsmq?limit=5000").get("limit").asInt()).isEqualTo(1000);
	}

	@Test
	void negativeOffsetIsABadRequest() {
		assertThat(this.actuator.get("/actuator/dsmq?offset=-1").statusCode()).isEqualTo(400);
	}

	private static Iterable<String> names(JsonNode dsmq) {
		return dsmq.get("topics").valueStream().map((topic) -> topic.get("name").asString()).toList();
	}

}
