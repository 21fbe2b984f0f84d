package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

import dev.dsmq.server.DsmqApplication;
import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.ClassPathResource;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import org.springframework.jdbc.datasource.init.DatabasePopulatorUtils;
import org.springframework.jdbc.datasource.init.ResourceDatabasePopulator;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsmq.store.path}: messages kept in a file survive a restart, and a store left by a server that died in the
 * middle of a change is repaired at start.
 */
@ExtendWith(OutputCaptureExtension.class)
class DurableStoreTests {

	@TempDir
	private Path directory;

	@Test
	void messagesPutBeforeARestartAreHeldAfterItAndNewReadersSeeOnlyNewOnes() {
		String store = "--dsmq.store.path=" + this.directory.resolve("dsmq.db");
		try (ConfigurableApplicationContext first = start(store);
				DsmqTestClient writer = DsmqTestClient.connect(port(first))) {
			writer.put("kept", "one");
			writer.put("kept", "two");
			assertThat(writer.getLatest("kept")).isEqualTo("two");
		}
		try (ConfigurableApplicationContext second = start(store);
				DsmqTestClient reader = DsmqTestClient.connect(port(second))) {
			QueueService queue = second.getBean(QueueService.class);
			assertThat(queue.next("kept", 0).map(StoredMessage::body)).hasValue("\"one\"".getBytes(StandardCharsets.UTF_8));
			assertThat(queue.stats()).isEqualTo(new QueueStats(1, 2));
			assertThat(second.getBean(JdbcTemplate.class).queryForObject("PRAGMA journal_mode", String.class))
				.isEqualTo("wal");
			assertThat(reader.get("kept")).isEmpty();
			reader.put("kept", "three");
			assertThat(reader.get("kept")).isEqualTo("three");
		}
	}

	@Test
	void storeLeftInTheMiddleOfAChangeIsRepairedAtStartAndPutsToItsTopicsAreStored(CapturedOutput output) {
		Path file = this.directory.resolve("dsmq.db");
		long now = System.currentTimeMillis();
		// what a server killed between deleting a topic's messages and its row, or the other way round, leaves
		leave(file, "INSERT INTO topic (id, name) VALUES (1, 'emptied'), (2, 'kept')",
				"INSERT INTO message (seq, topic, body, created_at) VALUES (1, 2, '\"k\"', " + now + "), (2, 99, '1', "
						+ now + ")");
		try (ConfigurableApplicationContext server = start("--dsmq.store.path=" + file);
				DsmqTestClient client = DsmqTestClient.connect(port(server))) {
			assertThat(output).contains("deleted 1 rows of topics without messages and 1 messages without a topic");
			client.send(Map.of("action", "put", "topic", "emptied", "message", "again", "id", 7));
			assertThat(client.readReply()).containsOnlyKeys("id", "ok", "seq")
				.containsEntry("id", 7)
				.containsEntry("ok", true);
			assertThat(client.get("emptied")).isEqualTo("again");
			assertThat(server.getBean(QueueService.class).stats()).isEqualTo(new QueueStats(2, 2));
		}
	}

	@Test
	void limitLoweredWhileTheServerWasDownIsKeptFromTheStart(CapturedOutput output) {
		String store = "--dsmq.store.path=" + this.directory.resolve("dsmq.db");
		try (ConfigurableApplicationContext first = start(store);
				DsmqTestClient writer = DsmqTestClient.connect(port(first))) {
			for (int i = 1; i <= 5; i++) {
				writer.put("many", "m" + i);
			}
			assertThat(writer.getLatest("many")).isEqualTo("m5");
		}
		try (ConfigurableApplicationContext second = start(store, "--dsmq.max-messages-per-topic=2")) {
			QueueService queue = second.getBean(QueueService.class);
			assertThat(queue.stats()).isEqualTo(new QueueStats(1, 2));
			assertThat(queue.next("many", 0).map(StoredMessage::body)).hasValue("\"m4\"".getBytes(StandardCharsets.UTF_8));
			assertThat(output).contains("Dropped the oldest 3 of the messages held");
		}
	}

	@Test
	void storeFileFromBeforeVersionedSchemasIsMigratedAndItsMessagesAreStillRead(CapturedOutput output) {
		Path file = this.directory.resolve("dsmq.db");
		long now = System.currentTimeMillis();
		leave(file, "INSERT INTO topic (id, name) VALUES (1, 'old')",
				"INSERT INTO message (seq, topic, body, created_at) VALUES (1, 1, '\"first\"', " + now + "), (2, 1, "
						+ "'\"second\"', " + now + ")");
		try (ConfigurableApplicationContext server = start("--dsmq.store.path=" + file);
				DsmqTestClient client = DsmqTestClient.connect(port(server))) {
			assertThat(output).contains("Migrated the store in " + file.toAbsolutePath() + " from schema version 1 to 3");
			assertThat(server.getBean(JdbcTemplate.class)
				.queryForList("SELECT version FROM flyway_schema_history ORDER BY installed_rank", String.class))
				.containsExactly("1", "2", "3");
			QueueService queue = server.getBean(QueueService.class);
			assertThat(queue.stats()).isEqualTo(new QueueStats(1, 2));
			assertThat(queue.lastSequence()).isGreaterThan(2);
			client.send(Map.of("action", "get", "topic", "old", "after", 0, "meta", true));
			assertThat(client.readReply()).containsExactly(entry("message", "first"), entry("seq", 1),
					entry("sent", now / 1000.0));
			assertThat(client.get("old")).isEqualTo("second");
		}
	}

	@Test
	void headersPutBeforeARestartAreReadAfterIt() {
		String store = "--dsmq.store.path=" + this.directory.resolve("dsmq.db");
		try (ConfigurableApplicationContext first = start(store);
				DsmqTestClient writer = DsmqTestClient.connect(port(first))) {
			writer.send(Map.of("action", "put", "topic", "traced", "message", "m", "headers", Map.of("k", "v"), "id", 1));
			assertThat(writer.readReply()).containsEntry("ok", true);
		}
		try (ConfigurableApplicationContext second = start(store);
				DsmqTestClient reader = DsmqTestClient.connect(port(second))) {
			reader.send(Map.of("action", "get", "topic", "traced", "after", 0, "meta", true));
			assertThat(reader.readReply()).containsEntry("message", "m").containsEntry("headers", Map.of("k", "v"));
			long headers = "{\"k\":\"v\"}".length();
			assertThat(second.getBean(QueueService.class).heldBytes())
				.isEqualTo(Costs.topic("traced") + Costs.message("\"m\"".length() + headers));
		}
	}

	/**
	 * Make a store file as a server from before versioned schemas made one, with the tables of the schema's first
	 * version and no history of it, and the given rows.
	 */
	private static void leave(Path file, String... statements) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource("jdbc:sqlite:" + file, true);
		try {
			DatabasePopulatorUtils.execute(
					new ResourceDatabasePopulator(
							new ClassPathResource("dev/dsmq/server/queue/migration/V1__topics_and_messages.sql")),
					dataSource);
			new JdbcTemplate(dataSource).batchUpdate(statements);
		}
		finally {
			dataSource.destroy();
		}
	}

	private static ConfigurableApplicationContext start(String... arguments) {
		String[] all = Arrays.copyOf(arguments, arguments.length + 1);
		all[arguments.length] = "--dsmq.port=0";
		return new SpringApplicationBuilder(DsmqApplication.class).web(WebApplicationType.NONE).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

}
