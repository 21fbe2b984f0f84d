package dev.dsmq.server.tcp;

import java.io.ByteArrayOutputStream;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.PostgresTestDatabase;
import dev.dsmq.server.queue.MessageQueue;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The held limits on PostgreSQL, which the node that runs expiry enforces once a purge interval rather than at each
 * put: a topic over its message limit, and the store over its byte limit, come back within them, oldest first, the
 * topic holding the most bytes first, as on SQLite.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-messages-per-topic=1000", "dsmq.max-held-bytes=256KB",
		"dsmq.purge-interval=50ms" })
class PostgresHeldLimitTests {

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MessageQueue queue;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

	@Test
	void topicOverItsMessageLimitKeepsItsNewestMessages() {
		try (DsmqTestClient writer = connect()) {
			writer.sendRaw(puts("capped", 1_200, "m"));
			assertThat(writer.getLatest("capped")).isEqualTo("m1199");
			await().untilAsserted(() -> assertThat(oldest(writer, "capped")).isEqualTo("m200"));
		}
	}

	@Test
	void storeOverItsByteLimitDropsTheOldestMessagesOfTheTopicHoldingTheMost() {
		String kilobyte = "k".repeat(1024);
		try (DsmqTestClient writer = connect()) {
			writer.sendRaw(puts("bytes-first", 200, kilobyte));
			writer.sendRaw(puts("bytes-second", 100, kilobyte));
			assertThat(writer.getLatest("bytes-second")).isEqualTo(kilobyte + 99);
			await().untilAsserted(() -> assertThat(this.queue.heldBytes()).isPositive().isLessThanOrEqualTo(256 * 1024));
			assertThat(oldest(writer, "bytes-first")).isNotEqualTo(kilobyte + 0);
			assertThat(writer.getLatest("bytes-first")).isEqualTo(kilobyte + 199);
			assertThat(oldest(writer, "bytes-second")).isEqualTo(kilobyte + 0);
		}
	}

	/**
	 * Return the oldest message the topic holds, read with {@code after} 0.
	 */
	private static String oldest(DsmqTestClient client, String topic) {
		client.send(Map.of("action", "get", "topic", topic, "after", 0));
		return (String) client.readReply().get("message");
	}

	private static byte[] puts(String topic, int count, String prefix) {
		ByteArrayOutputStream frames = new ByteArrayOutputStream();
		for (int i = 0; i < count; i++) {
			frames.writeBytes(DsmqTestClient.frame(Map.of("action", "put", "topic", topic, "message", prefix + i)));
		}
		return frames.toByteArray();
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
