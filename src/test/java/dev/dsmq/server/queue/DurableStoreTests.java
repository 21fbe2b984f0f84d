package dev.dsmq.server.queue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import dev.dsmq.server.DsmqApplication;
import dev.dsmq.server.DsmqTestClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code dsmq.store.path}: messages kept in a file survive a restart.
 */
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

	private static ConfigurableApplicationContext start(String store) {
		return new SpringApplicationBuilder(DsmqApplication.class).web(WebApplicationType.NONE)
			.run(store, "--dsmq.port=0");
	}

	private static int port(ConfigurableApplicationContext context) {
		return context.getBean(TcpNetServerConnectionFactory.class).getPort();
	}

}
