package dev.dsmq.server;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.dsmq.server.queue.Costs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters of requests, bytes and latency in the Prometheus scrape, and the {@code dsmq} endpoint, after traffic
 * over real sockets.
 */
// a context of its own (the property is the default), since the health test counts every topic and connection
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "dsmq.port=0", "dsmq.metrics.max-topics=100" })
class ObservabilityTests {

	private static final Duration PATIENCE = Duration.ofSeconds(10);

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	private ActuatorClient actuator;

	@BeforeEach
	void connectActuator() {
		this.actuator = new ActuatorClient(this.httpPort);
	}

	@Test
	void scrapeCountsPutsReadsBytesAndTimedRequests() {
		Map<String, Double> before = values(this.actuator.scrape());
		long sent = 0;
		long received = 0;
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			Map<String, String> put = Map.of("action", "put", "topic", "counted", "message", "one");
			Map<String, String> putAgain = Map.of("action", "put", "topic", "counted", "message", "two");
			Map<String, String> get = Map.of("action", "get", "topic", "counted");
			Map<String, String> getLatest = Map.of("action", "get_latest", "topic", "counted");
			for (Map<String, String> request : new Map[] { put, putAgain, get, getLatest, get, getLatest }) {
				client.send(request);
				sent += DsmqTestClient.frame(request).length;
				if (!request.get("action").equals("put")) {
					received += 23 + client.readReplyBody().length;
				}
			}
		}
		long bytesSent = sent;
		long bytesReceived = received;
		await().atMost(PATIENCE).untilAsserted(() -> {
			Map<String, Double> after = values(this.actuator.scrape());
			Map<String, Double> delta = new LinkedHashMap<>();
			after.forEach((series, value) -> delta.put(series, value - before.getOrDefault(series, 0.0)));
			assertThat(delta).containsEntry("dsmq_messages_put_total", 2.0)
				.containsEntry("dsmq_reads_total{action=\"get\",result=\"hit\"}", 1.0)
				.containsEntry("dsmq_reads_total{action=\"get\",result=\"empty\"}", 1.0)
				.containsEntry("dsmq_reads_total{action=\"get_latest\",result=\"hit\"}", 1.0)
				.containsEntry("dsmq_reads_total{action=\"get_latest\",result=\"empty\"}", 1.0)
				.containsEntry("dsmq_bytes_received_bytes_total", (double) bytesSent)
				.containsEntry("dsmq_bytes_sent_bytes_total", (double) bytesReceived)
				.containsEntry("dsmq_requests_seconds_count{action=\"put\"}", 2.0)
				.containsEntry("dsmq_requests_seconds_count{action=\"get\"}", 2.0)
				.containsEntry("dsmq_requests_seconds_count{action=\"get_latest\"}", 2.0)
				.containsEntry("dsmq_reads_waited_seconds_count{action=\"get\"}", 0.0);
			assertThat(delta.get("dsmq_requests_seconds_sum{action=\"get\"}")).isPositive();
		});
	}

	@Test
	void readThatWaitsIsTimedApartFromOtherReads() {
		Map<String, Double> before = values(this.actuator.scrape());
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.send(Map.of("action", "get", "topic", "waited-on", "wait", 0.2));
			assertThat(client.readReply()).containsEntry("message", "");
			assertThat(client.get("waited-on")).isEmpty();
		}
		await().atMost(PATIENCE).untilAsserted(() -> {
			Map<String, Double> after = values(this.actuator.scrape());
			String waited = "dsmq_reads_waited_seconds_";
			assertThat(after.get(waited + "count{action=\"get\"}") - before.getOrDefault(waited + "count{action=\"get\"}", 0.0))
				.isEqualTo(1.0);
			assertThat(after.get(waited + "sum{action=\"get\"}") - before.getOrDefault(waited + "sum{action=\"get\"}", 0.0))
				.isGreaterThanOrEqualTo(0.19);
			String gets = "dsmq_requests_seconds_count{action=\"get\"}";
			assertThat(after.get(gets) - before.getOrDefault(gets, 0.0)).isEqualTo(1.0);
		});
	}

	@Test
	void endpointListsTopicsWithWhatTheyHoldAndConnectionsWithTheirRequests() {
		try (DsmqTestClient reader = DsmqTestClient.connect(this.connectionFactory.getPort());
				DsmqTestClient writer = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			assertThat(reader.get("listed-a")).isEmpty();
			writer.put("listed-a", "m1");
			writer.put("listed-a", "m2");
			writer.put("listed-a", "m3");
			writer.put("listed-b", "12345");
			assertThat(writer.get("listed-b")).isEqualTo("12345");
			assertThat(reader.get("listed-a")).isEqualTo("m1");
			JsonNode dsmq = this.actuator.json("/actuator/dsmq");
			JsonNode a = topic(dsmq, "listed-a");
			assertThat(a.get("messages").asLong()).isEqualTo(3);
			// the messages as stored, JSON strings with their quotes, and the topic, as counted for the byte limit
			assertThat(a.get("bytes").asLong())
				.isEqualTo(Costs.topic("listed-a") + 3 * Costs.message("\"m1\"".length()));
			assertThat(a.get("oldestAgeSeconds").asDouble()).isGreaterThanOrEqualTo(a.get("newestAgeSeconds").asDouble())
				.isGreaterThanOrEqualTo(0);
			assertThat(a.get("putsPerSecond").asDouble()).isPositive();
			assertThat(a.get("getsPerSecond").asDouble()).isPositive();
			JsonNode b = topic(dsmq, "listed-b");
			assertThat(b.get("messages").asLong()).isEqualTo(1);
			assertThat(b.get("bytes").asLong())
				.isEqualTo(Costs.topic("listed-b") + Costs.message("\"12345\"".length()));
			assertThat(dsmq.get("rateWindowSeconds").asLong()).isEqualTo(60);
			Map<String, JsonNode> connections = new HashMap<>();
			dsmq.get("connections").forEach((connection) -> connections.put(connection.get("peer").asString(), connection));
			JsonNode readerConnection = connections.get("127.0.0.1:" + reader.localPort());
			JsonNode writerConnection = connections.get("127.0.0.1:" + writer.localPort());
			assertThat(readerConnection.get("requestsServed").asLong()).isEqualTo(2);
			assertThat(writerConnection.get("requestsServed").asLong()).isEqualTo(5);
			assertThat(readerConnection.get("openedAt").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
			assertThat(dsmq.get("connectionsOpen").asInt()).isEqualTo(connections.size()).isGreaterThanOrEqualTo(2);
		}
	}

	private static JsonNode topic(JsonNode dsmq, String name) {
		for (JsonNode topic : dsmq.get("topics")) {
			if (topic.get("name").asString().equals(name)) {
				return topic;
			}
		}
		throw new AssertionError("no topic " + name + " in " + dsmq);
	}

	private static Map<String, Double> values(ActuatorClient.Scrape scrape) {
		Map<String, Double> values = new HashMap<>();
		for (String line : scrape.text().split("\n")) {
			if (line.startsWith("dsmq_")) {
				int space = line.lastIndexOf(' ');
				values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
			}
		}
		return values;
	}

}
