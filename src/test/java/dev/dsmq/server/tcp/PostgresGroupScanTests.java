package dev.dsmq.server.tcp;

import java.time.Duration;
import java.util.Map;

import javax.sql.DataSource;

import dev.dsmq.server.DsmqTestClient;
import dev.dsmq.server.PostgresTestDatabase;
import dev.dsmq.server.queue.MutableClock;
import dev.dsmq.server.queue.MutableClockConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.integration.ip.tcp.connection.TcpNetServerConnectionFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * A group's scan_from on PostgreSQL: while a held claim keeps done_through back, each delete moves scan_from past the
 * messages the group has claimed or deleted, so that a claim reads only the rows not deleted up to there.
 */
@SpringBootTest(properties = "dsmq.port=0")
@Import(MutableClockConfiguration.class)
class PostgresGroupScanTests {

	private static final int MESSAGES = 50;

	@Autowired
	private TcpNetServerConnectionFactory connectionFactory;

	@Autowired
	private MutableClock clock;

	@Autowired
	private DataSource dataSource;

	@DynamicPropertySource
	static void postgres(DynamicPropertyRegistry registry) {
		PostgresTestDatabase.register(registry);
	}

	@Test
	void deletesBehindAHeldClaimMoveScanFromButNotDoneThrough() {
		JdbcTemplate jdbc = new JdbcTemplate(this.dataSource);
		try (DsmqTestClient holder = DsmqTestClient.connect(this.connectionFactory.getPort());
				DsmqTestClient worker = DsmqTestClient.connect(this.connectionFactory.getPort())) {
			for (int i = 0; i < MESSAGES; i++) {
				worker.send(Map.of("action", "put", "topic", "scans", "message", "m" + i, "id", "stored"));
				assertThat(worker.readReply()).containsEntry("ok", true);
			}
			long held = WorkQueueProtocolTests.seq(WorkQueueProtocolTests.get(holder, "scans", "workers"));
			long last = 0;
			for (int i = 1; i < MESSAGES; i++) {
				worker.send(Map.of("action", "pop", "topic", "scans", "group", "workers"));
				Map<String, Object> popped = worker.readReply();
				assertThat(popped).containsEntry("message", "m" + i);
				last = WorkQueueProtocolTests.seq(popped);
			}
			Map<String, Object> group = jdbc
				.queryForMap("SELECT done_through, scan_from FROM dsmq_group WHERE topic = 'scans' AND name = 'workers'");
			assertThat(group).containsEntry("done_through", 0L).containsEntry("scan_from", last);

			worker.send(Map.of("action", "pop", "topic", "scans", "group", "workers"));
			assertThat(worker.readReply()).containsExactly(entry("message", ""));
			this.clock.advance(Duration.ofSeconds(60));
			worker.send(Map.of("action", "pop", "topic", "scans", "group", "workers"));
			assertThat(worker.readReply()).containsEntry("message", "m0").containsEntry("seq", held);
			assertThat(jdbc.queryForObject("SELECT done_through FROM dsmq_group WHERE topic = 'scans'", Long.class))
				.isEqualTo(last);
		}
	}

}
