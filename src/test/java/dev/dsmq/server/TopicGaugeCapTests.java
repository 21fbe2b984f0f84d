package dev.dsmq.server;

import java.time.Duration;

import dev.dsmq.server.queue.Costs;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-topic gauges, up to {@code dsmq.metrics.max-topics} topics and not beyond.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = { "dsmq.port=0", "dsmq.metrics.max-topics=2" })
class TopicGaugeCapTests {

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void topicsGetGaugesOfWhatTheyHoldUpToTheCap() {
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			client.put("gauged-1", "a");
			client.put("gauged-1", "bb");
			client.put("gauged-2", "ccc");
			client.put("not-gauged", "dddd");
			// a read after the puts on the same connection: they are stored once it is answered
			assertThat(client.get("gauged-2")).isEqualTo("ccc");
		}
		ActuatorClient actuator = new ActuatorClient(this.httpPort);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			ActuatorClient.Scrape scrape = actuator.scrape();
			assertThat(scrape.value("dsmq_topic_messages{topic=\"gauged-1\"}")).isEqualTo(2);
			// "a" and "bb" as stored, JSON strings with their quotes, and the topic, as counted for the byte limit
			assertThat(scrape.value("dsmq_topic_bytes{topic=\"gauged-1\"}"))
				.isEqualTo(Costs.topic("gauged-1") + Costs.message(3) + Costs.message(4));
			assertThat(scrape.value("dsmq_topic_messages{topic=\"gauged-2\"}")).isEqualTo(1);
			assertThat(scrape.value("dsmq_topic_bytes{topic=\"gauged-2\"}"))
				.isEqualTo(Costs.topic("gauged-2") + Costs.message(5));
			assertThat(scrape.text()).doesNotContain("not-gauged");
			assertThat(scrape.value("dsmq_messages_held")).isEqualTo(4);
		});
	}

}
