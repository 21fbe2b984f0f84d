package dev.dsmq.server.queue;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Map;

import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.annotation.DirtiesContext.ClassMode;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatRuntimeException;

/**
 * A change to the store that fails half-way, made to fail by a trigger, leaves the store and what it counts as they
 * were, and the topics it touched keep working.
 */
@SpringBootTest(properties = { "dsmq.port=0", "dsmq.max-messages-per-topic=2", "dsmq.purge-interval=1h" })
@Import(MutableClockConfiguration.class)
// the clock moves and the counts are exact: a server of its own
@DirtiesContext(classMode = ClassMode.AFTER_CLASS)
class FailedChangeTests {

	private static final Duration TTL = Duration.ofSeconds(600);

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private QueueService queue;

	@Autowired
	private JdbcTemplate jdbc;

	@Autowired
	private MutableClock clock;

	@AfterEach
	void dropTriggers() {
		this.jdbc.execute("DROP TRIGGER IF EXISTS refuse");
	}

	@Test
	void expiryThatCannotDeleteATopicRowKeepsItsMessagesAndPutsToTheTopicAreStoredAfterwards() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			assertThat(reader.get("doomed")).isEmpty();
			assertThat(put(writer, "doomed", "old", 1)).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 1)
				.containsEntry("ok", true);
			this.clock.advance(TTL);
			refuse("BEFORE DELETE ON topic");
			long held = this.queue.holdings().heldMessages();
			assertThatRuntimeException().isThrownBy(this.queue::purgeExpired);
			assertThat(this.queue.holdings().heldMessages()).isEqualTo(held);
			dropTriggers();
			assertThat(put(writer, "doomed", "new", 2)).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 2)
				.containsEntry("ok", true);
			assertThat(reader.get("doomed")).isEqualTo("old");
			assertThat(reader.get("doomed")).isEqualTo("new");
			this.queue.purgeExpired();
			assertThat(this.queue.next("doomed", 0).map(StoredMessage::sequence)).hasValue(this.queue.lastSequence());
		}
	}

	@Test
	void putBeyondTheTopicLimitIsStoredWhenDroppingTheOldestFails() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			assertThat(reader.get("capped")).isEmpty();
			put(writer, "capped", "m1", 1);
			put(writer, "capped", "m2", 2);
			refuse("BEFORE DELETE ON message");
			assertThat(put(writer, "capped", "m3", 3)).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 3)
				.containsEntry("ok", true);
			assertThat(this.queue.holdings().messagesOf("capped")).isEqualTo(3);
			dropTriggers();
			put(writer, "capped", "m4", 4);
			assertThat(this.queue.holdings().messagesOf("capped")).isEqualTo(2);
			assertThat(reader.get("capped")).isEqualTo("m3");
			assertThat(reader.get("capped")).isEqualTo("m4");
		}
	}

	@Test
	void putTheStoreRefusesFailsAloneAndThePutsSentWithItAreStoredInOrder() {
		try (DsmqTestClient reader = connect(); DsmqTestClient writer = connect()) {
			assertThat(reader.get("beside")).isEmpty();
			refuse("BEFORE INSERT ON message WHEN NEW.topic = (SELECT id FROM topic WHERE name = 'poison')");
			ByteArrayOutputStream batch = new ByteArrayOutputStream();
			batch.writeBytes(putFrame("beside", "first", 1));
			batch.writeBytes(putFrame("poison", "refused", 2));
			batch.writeBytes(putFrame("beside", "second", 3));
			writer.sendRaw(batch.toByteArray());
			assertThat(writer.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 1)
				.containsEntry("ok", true);
			assertThat(writer.readReply()).containsExactly(entry("id", 2),
					entry("error", "internal server error: message not stored"));
			assertThat(writer.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 3)
				.containsEntry("ok", true);
			assertThat(reader.get("beside")).isEqualTo("first");
			assertThat(reader.get("beside")).isEqualTo("second");
			assertThat(reader.get("poison")).isEmpty();
		}
	}

	private static byte[] putFrame(String topic, String message, int id) {
		return DsmqTestClient.frame(Map.of("action", "put", "topic", topic, "message", message, "id", id));
	}

	private void refuse(String event) {
		this.jdbc.execute("CREATE TEMP TRIGGER refuse " + event + " BEGIN SELECT RAISE(ABORT, 'refused'); END");
	}

	private static Map<String, Object> put(DsmqTestClient client, String topic, String message, int id) {
		client.send(Map.of("action", "put", "topic", topic, "message", message, "id", id));
		return client.readReply();
	}

	private DsmqTestClient connect() {
		return DsmqTestClient.connect(this.connectionFactory.getPort());
	}

}
