package dev.dsmq.server;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Topics whose names are a megabyte long cost the Prometheus scrape no more than short ones: their gauges are tagged
 * with the names' starts and hashes.
 */
// a server of its own (the tag length is the default), which holds the names only as long as this class needs them,
// and lets in names far longer than dsmq.max-topic-length does by default
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "dsmq.port=0", "dsmq.metrics.max-tag-length=64", "dsmq.max-topic-length=2MB" })
@DirtiesContext
class LongTopicNameScrapeTests {

	private static final int TOPICS = 20;

	@LocalServerPort
	private int httpPort;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Test
	void scrapeStaysSmallWhenTopicsHaveMegabyteNamesThatShareTheirStart() {
		// the names differ only in their last characters
		String start = "n".repeat(1_000_000);
		try (DsmqTestClient client = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			for (int i = 0; i < TOPICS; i++) {
				client.put(start + i, "1");
			}
			assertThat(client.get(start + 0)).isEqualTo("1");
		}
		ActuatorClient actuator = new ActuatorClient(this.httpPort);
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			ActuatorClient.Scrape scrape = actuator.scrape();
			List<String> gauges = scrape.text()
				.lines()
				.filter((line) -> line.startsWith("dsmq_topic_messages{"))
				.collect(Collectors.toList());
			assertThat(gauges).hasSize(TOPICS)
				.allSatisfy((line) -> assertThat(line).hasSizeLessThan(128).endsWith(" 1.0"))
				.doesNotHaveDuplicates();
			// a fresh server's scrape is about 25 KB; with the names as tags, this one was 40 MB
			assertThat(scrape.text()).hasSizeLessThan(100_000);
		});
	}

}
