package dev.dsmq.server;

import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * Work-queue groups at their limits and with bad input, over real sockets: refusals are answered where the sender
 * reads, counted, and lose nothing accepted; a topic limit drops messages for groups too; the endpoint and the
 * meters show each group.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "dsmq.port=0",
		"dsmq.groups.max-per-topic=2", "dsmq.max-messages-per-topic=3" })
// the limits count every group and message of the server: a server of its own
@DirtiesContext(classMode = ClassMode.BEFORE_CLASS)
class WorkQueueLimitsTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MeterRegistry meterRegistry;

	@Test
	void badFieldsOfGroupsAreAnsweredWhereTheSenderReadsCountedAndLeaveTheConnectionOpen() {
		double before = rejected("invalid-field");
		try (DsmqTestClient client = connect()) {
			client.put("bad-fields", "kept");
			client.send(Map.of("action", "pop", "topic", "bad-fields"));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"group\" is missing"));
			client.send(Map.of("action", "delete", "topic", "bad-fields", "group", "g"));
			client.send(Map.of("action", "release", "topic", "bad-fields", "group", "g", "seq", 1, "delay", -1,
					"id", "r"));
			assertThat(client.readReply()).containsExactly(entry("id", "r"),
					entry("error", "\"delay\" must be a non-negative number of seconds"));
			client.send(Map.of("action", "get", "topic", "bad-fields", "group", "g", "visibility", "soon"));
			assertThat(client.readReply()).containsExactly(entry("message", ""),
					entry("error", "\"visibility\" must be a positive number of seconds"));
			client.send(Map.of("action", "put", "topic", "bad-fields", "message", "refused", "delay", "later"));
			client.send(Map.of("action", "pop", "topic", "bad-fields", "group", "g"));
			assertThat(client.readReply()).containsEntry("message", "kept");
			client.send(Map.of("action", "pop", "topic", "bad-fields", "group", "g"));
			assertThat(client.readReply()).containsExactly(entry("message", ""));
		}
		assertThat(rejected("invalid-field") - before).isEqualTo(5);
	}

	@Test
	void oneGroupMoreThanATopicMayHaveIsRefusedAndCountedAndTheOthersGoOn() {
		double before = rejected("too-many-groups");
		try (DsmqTestClient client = connect()) {
			put(client, "crowded", "job");
			for (String group : new String[] { "a", "b" }) {
				client.send(Map.of("action", "peek", "topic", "crowded", "group", group));
				assertThat(client.readReply()).containsEntry("message", "job");
			}
			client.send(Map.of("action", "get", "topic", "crowded", "group", "c"));
			assertThat(client.readReply()).containsExactly(entry("message", ""), entry("error",
					"topic 'crowded' has 2 groups, the most it may (dsmq.groups.max-per-topic)"));
			client.send(Map.of("action", "delete", "topic", "crowded", "group", "c", "seq", 1));
			client.send(Map.of("action", "delete", "topic", "crowded", "group", "c", "seq", 1, "id", 9));
			assertThat(client.readReply()).containsExactly(entry("id", 9), entry("error",
					"topic 'crowded' has 2 groups, the most it may (dsmq.groups.max-per-topic)"));
			client.send(Map.of("action", "pop", "topic", "crowded", "group", "a"));
			assertThat(client.readReply()).containsEntry("message", "job");
		}
		assertThat(rejected("too-many-groups") - before).isEqualTo(3);
	}

	@Test
	void topicLimitDropsTheOldestMessagesForGroupsTooAndCountsWhatEachLost() {
		try (DsmqTestClient client = connect()) {
			put(client, "bounded", "m1");
			client.send(Map.of("action", "peek", "topic", "bounded", "group", "slow"));
			assertThat(client.readReply()).containsEntry("message", "m1");
			for (int i = 2; i <= 4; i++) {
				put(client, "bounded", "m" + i);
			}
			client.send(Map.of("action", "pop", "topic", "bounded", "group", "slow"));
			assertThat(client.readReply()).containsEntry("message", "m2");
			assertThat(this.meterRegistry.get("dsmq.group.messages.lost")
				.tags("topic", "bounded", "group", "slow", "reason", "topic-limit")
				.functionCounter()
				.count()).isEqualTo(1);
		}
	}

	@Test
	void endpointListsEachTopicsGroupsWithWhatIsAvailableAndClaimed() throws Exception {
		try (DsmqTestClient client = connect()) {
			put(client, "listed", "one");
			put(client, "listed", "two");
			client.send(Map.of("action", "get", "topic", "listed", "group", "workers"));
			assertThat(client.readReply()).containsEntry("message", "one");
			JsonNode dsmq = new ActuatorClient(this.httpPort).json("/actuator/dsmq");
			JsonNode listed = dsmq.get("topics")
				.valueStream()
				.filter((topic) -> topic.get("name").asString().equals("listed"))
				.findFirst()
				.orElseThrow();
			JsonNode workers = listed.get("groups").get(0);
			assertThat(workers.get("name").asString()).isEqualTo("workers");
			assertThat(workers.get("available").asLong()).isEqualTo(1);
			assertThat(workers.get("claimed").asLong()).isEqualTo(1);
			assertThat(dsmq.get("groupsHeld").asInt()).isPositive();
			assertThat(this.meterRegistry.get("dsmq.group.messages.claimed")
				.tags("topic", "listed", "group", "workers")
				.gauge()
				.value()).isEqualTo(1);
		}
	}

	private static void put(DsmqTestClient client, String topic, String message) {
		client.send(Map.of("action", "put", "topic", topic, "message", message, "id", "stored"));
		assertThat(client.readReply()).containsEntry("id", "stored").containsEntry("ok", true);
	}

	private double rejected(String reason) {
		return TestMeters.rejected(this.meterRegistry, reason);
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
